"""The one way views save a form through a service: errors on the form, nothing half-saved."""

from django import forms
from django.core.exceptions import ValidationError

from brobygning.core.forms import NOT_SAVED, save_valid_post
from brobygning.core.models import Team


class NameForm(forms.Form):
    name = forms.CharField()


def test_a_valid_post_returns_what_the_service_saved(rf, db):
    form = NameForm({"name": "Team Syd"})

    saved = save_valid_post(rf.post("/"), form, lambda f: Team.objects.create(**f.cleaned_data))

    assert saved == Team.objects.get(name="Team Syd")


def test_a_refusal_by_the_service_is_shown_on_the_form_and_nothing_stays_written(rf, db):
    def save(form):
        Team.objects.create(name=form.cleaned_data["name"])
        raise ValidationError("Navnet er optaget af en anden ændring.")

    form = NameForm({"name": "Team Syd"})

    assert save_valid_post(rf.post("/"), form, save) is NOT_SAVED
    assert form.non_field_errors() == ["Navnet er optaget af en anden ændring."]
    assert not Team.objects.filter(name="Team Syd").exists()


def test_a_get_or_an_invalid_post_never_calls_the_service(rf, db):
    def save(form):
        raise AssertionError("must not be called")

    assert save_valid_post(rf.get("/"), NameForm(), save) is NOT_SAVED
    assert save_valid_post(rf.post("/"), NameForm({"name": ""}), save) is NOT_SAVED
