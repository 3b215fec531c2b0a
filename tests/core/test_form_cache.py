"""`{% cacheform %}`: an unbound filter form is rendered once per language and choices; a bound
one (the user's search) never comes from the cache."""

import pytest
from django.template import engines
from django.test import RequestFactory
from django.utils import translation

from actors.forms import DirectoryFilterForm
from brobygning.core.templatetags import form_cache
from tests.factories import AreaFactory

pytestmark = pytest.mark.django_db

TEMPLATE = engines["django"].from_string(
    "{% load crispy_forms_tags form_cache %}"
    "{% cacheform form %}{{ form.q|as_crispy_field }}{{ form.area|as_crispy_field }}"
    "{% endcacheform %}"
)


@pytest.fixture(autouse=True)
def empty_form_cache():
    form_cache.clear()
    yield
    form_cache.clear()


def render(form, language="da"):
    with translation.override(language):
        return TEMPLATE.render({"form": form}, RequestFactory().get("/"))


def uncached(form, language="da"):
    form_cache.clear()
    return render(form, language)


def test_the_cached_html_is_the_html_the_form_renders():
    AreaFactory(name="Vollsmose")
    first = render(DirectoryFilterForm())
    assert render(DirectoryFilterForm()) == first == uncached(DirectoryFilterForm())
    assert "Vollsmose" in first


def test_a_second_render_reads_no_choices_twice(django_assert_num_queries):
    AreaFactory()
    with django_assert_num_queries(1):  # the areas, once, on a miss
        render(DirectoryFilterForm())
    with django_assert_num_queries(1):  # and once on a hit: they are part of the key
        render(DirectoryFilterForm())


def test_each_language_gets_its_own_html():
    danish, english = render(DirectoryFilterForm(), "da"), render(DirectoryFilterForm(), "en")
    assert "Søg" in danish and "Search" in english


def test_a_new_area_shows_at_once():
    AreaFactory(name="Vollsmose")
    render(DirectoryFilterForm())
    AreaFactory(name="Gellerup")
    assert "Gellerup" in render(DirectoryFilterForm())


def test_a_bound_form_is_rendered_with_the_users_values_and_not_kept():
    render(DirectoryFilterForm())
    searched = render(DirectoryFilterForm({"q": "MRK-SØGNING"}))
    assert "MRK-SØGNING" in searched
    assert "MRK-SØGNING" not in render(DirectoryFilterForm())
    assert len(form_cache._cache) == 1


BOUND_TEMPLATE = engines["django"].from_string(
    "{% load crispy_forms_tags form_cache %}"
    "{% cacheform form bound %}{% for field in form %}{{ field|as_crispy_field }}{% endfor %}"
    "{% endcacheform %}"
)


def render_bound(form):
    form.is_valid()
    with translation.override("da"):
        return BOUND_TEMPLATE.render({"form": form}, RequestFactory().get("/"))


def test_a_bound_form_marked_bound_is_kept_per_value_and_equals_the_uncached_html(manager):
    from brobygning.dashboard.forms import DashboardFilterForm

    AreaFactory(name="Vollsmose", is_transformation_area=True)

    def form(**data):
        return DashboardFilterForm(data, user=manager)

    first = render_bound(form(period_to="2026-11-30"))
    assert render_bound(form(period_to="2026-11-30")) == first
    form_cache.clear()
    assert render_bound(form(period_to="2026-11-30")) == first
    assert "Vollsmose" in first
    other = render_bound(form(period_to="2026-10-31"))
    assert other != first and 'value="2026-10-31"' in other
    assert len(form_cache._cache) == 2


def test_a_bound_form_with_errors_is_never_kept(manager):
    from brobygning.dashboard.forms import DashboardFilterForm

    html = render_bound(DashboardFilterForm({"period_to": "MRK-IKKE-EN-DATO"}, user=manager))
    assert "MRK-IKKE-EN-DATO" in html
    assert not form_cache._cache


def test_a_block_keyed_on_named_fields_is_kept_whatever_the_other_fields_hold(manager):
    from brobygning.dashboard.forms import DashboardFilterForm

    selects = engines["django"].from_string(
        "{% load crispy_forms_tags form_cache %}"
        "{% cacheform form bound team origin_area %}{{ form.team|as_crispy_field }}"
        "{{ form.origin_area|as_crispy_field }}{% endcacheform %}"
    )
    area = AreaFactory(name="Vollsmose", is_transformation_area=True)

    def render_selects(**data):
        form = DashboardFilterForm(data, user=manager)
        form.is_valid()
        with translation.override("da"):
            return selects.render({"form": form}, RequestFactory().get("/"))

    first = render_selects(period_to="2026-11-30", origin_area=str(area.pk))
    assert render_selects(period_to="2026-10-31", origin_area=str(area.pk)) == first
    assert len(form_cache._cache) == 1
    form_cache.clear()
    assert render_selects(period_to="2026-09-30", origin_area=str(area.pk)) == first
    assert render_selects(period_to="2026-09-30") != first
    assert len(form_cache._cache) == 2
