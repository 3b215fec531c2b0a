"""get_FOO_display() builds each field's labels once and still answers in the request's
language (brobygning/core/choices.py)."""

from django.utils import translation

from households.models import Household, Phase, PhaseChange


def test_a_label_read_twice_follows_the_language_of_each_read():
    household = Household(phase=Phase.MOVING)
    with translation.override("en"):
        english = household.get_phase_display()
    with translation.override("da"):
        danish = household.get_phase_display()
    with translation.override("en"):
        assert household.get_phase_display() == english
    assert english != danish
    with translation.override("en"):
        assert english == str(Phase.MOVING.label)


def test_a_value_without_a_label_is_shown_as_it_is():
    assert Household(phase="unknown").get_phase_display() == "unknown"


def test_models_without_timestamps_get_the_same_labels():
    change = PhaseChange(to_phase=Phase.MOVING)
    with translation.override("da"):
        assert change.get_to_phase_display() == Household(phase=Phase.MOVING).get_phase_display()
