"""`{% row_url %}` and `|day` (brobygning/core/templatetags/rows.py) give what `{% url %}` and
`|date` give, row after row, in every language."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.urls import reverse, set_script_prefix
from django.utils import timezone, translation

ROWS = [{"pk": pk} for pk in (1, 7, 42, 1634, 123456789)]


def render(source, **context):
    return Template("{% load rows %}" + source).render(Context(context))


@pytest.mark.parametrize("language", ["da", "en"])
def test_a_row_url_is_the_url_of_each_row(language):
    with translation.override(language):
        rows = render(
            "{% for row in rows %}{% row_url 'households:journal_detail' 5 row.pk %}|"
            "{% row_url 'followups:detail' row.pk %};{% endfor %}",
            rows=ROWS,
        )
        urls = render(
            "{% for row in rows %}{% url 'households:journal_detail' 5 row.pk %}|"
            "{% url 'followups:detail' row.pk %};{% endfor %}",
            rows=ROWS,
        )
    assert rows == urls
    assert "/1634/" in rows and "9081726354453627" not in rows


def test_a_row_url_reverses_anew_for_another_case_in_the_same_page():
    html = render(
        "{% for pk in cases %}{% row_url 'households:journal_detail' pk 3 %} {% endfor %}",
        cases=[10, 20],
    )
    assert html == render(
        "{% for pk in cases %}{% url 'households:journal_detail' pk 3 %} {% endfor %}",
        cases=[10, 20],
    )
    assert "/10/" in html and "/20/" in html


def test_a_remembered_row_url_follows_the_script_prefix():
    source = "{% row_url 'households:detail' 12 %}"
    assert render(source) == reverse("households:detail", args=[12])
    set_script_prefix("/brobygning/")
    try:
        assert render(source) == render("{% url 'households:detail' 12 %}")
        assert render(source).startswith("/brobygning/")
    finally:
        set_script_prefix("/")
    assert render(source) == reverse("households:detail", args=[12])


def test_a_row_url_with_an_id_that_is_not_an_int_is_reversed_as_url_does():
    assert render("{% row_url 'households:detail' '12' %}") == render(
        "{% url 'households:detail' '12' %}"
    )


def test_a_row_url_takes_positional_arguments_only():
    with pytest.raises(TemplateSyntaxError):
        render("{% row_url 'households:detail' pk=1 %}")
    with pytest.raises(TemplateSyntaxError):
        render("{% row_url 'households:detail' 1 as link %}")


@pytest.mark.parametrize("language", ["da", "en"])
def test_day_is_the_date_filter_in_each_language(language):
    days = [date(2026, month, 5) for month in range(1, 13)] * 2
    with translation.override(language):
        assert render("{% for d in days %}{{ d|day }};{% endfor %}", days=days) == render(
            "{% for d in days %}{{ d|date }};{% endfor %}", days=days
        )


def test_day_follows_the_language_after_it_has_shown_a_day():
    day = date(2026, 12, 5)
    with translation.override("da"):
        assert render("{{ d|day }}", d=day) == "5. dec. 2026"
    with translation.override("en"):
        assert render("{{ d|day }}", d=day) == "5 Dec 2026"


def test_day_shows_a_time_as_the_date_filter_does():
    when = datetime(2026, 12, 5, 23, 30, tzinfo=ZoneInfo("UTC"))  # 6 December in Copenhagen
    with translation.override("da"), timezone.override(ZoneInfo("Europe/Copenhagen")):
        assert render("{{ t|day }}", t=when) == render("{{ t|date }}", t=when) == "6. dec. 2026"
        assert render("{{ t|day }}", t=None) == render("{{ t|date }}", t=None) == ""


def test_a_list_url_made_in_python_is_the_reversed_url_of_each_id():
    from brobygning.core.templatetags.rows import row_url_maker

    url = row_url_maker("actors:offer_detail")
    for pk in (1, 7, 1634, 2**40):
        assert url(pk) == reverse("actors:offer_detail", args=[pk])
