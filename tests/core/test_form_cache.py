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
