"""The key pages in Danish and in English: dates in the language's one format, numbers with
its thousands separator, money without ',00', years and ids plain, and no field's code name
or stored value on the page."""

import re
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from brobygning.core.models import AccessLog
from households import services
from tests.factories import (
    AreaListStatusFactory,
    BridgeFactory,
    HouseholdFactory,
    HousingOfferFactory,
    JournalEntryFactory,
    LocalContactFactory,
    MemberFactory,
    MoveFactory,
)

NOW = datetime(2026, 12, 5, 14, 5, tzinfo=ZoneInfo("Europe/Copenhagen"))
DAY = NOW.date()
BIG_ID = 12345

ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
NUMERIC_DATE = re.compile(r"\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b")
AM_PM = re.compile(r"\b[ap]\.m\.")
ENGLISH_MONTH_IN_DANISH = re.compile(r"\d\.? (Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\b")
GROUPED_YEAR = re.compile(r"\b[12][.,]\d{3}\b(?![.,]\d)")  # "2.026", "1,985"
WHOLE_MONEY_WITH_CENTS = re.compile(r"\d[.,]00 kr")
CODE_NAME = re.compile(r"\b[a-z]+_[a-z_]+\b")  # created_at, phone_call, journal_entry
STORED_NONE = re.compile(r"\bNone\b(?!\.)")


def _visible(html: str) -> str:
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    main = re.sub(r"<(script|style)\b.*?</\1>", " ", main, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


@pytest.fixture
def case(db, bridge_builder, time_machine):
    time_machine.move_to(NOW, tick=False)
    household = HouseholdFactory(
        pk=BIG_ID,
        bridge_builder=bridge_builder,
        origin_address="Granparken 3",
        origin_postcode="5240",
        origin_town="Odense NØ",
        current_rent=Decimal("5400"),
    )
    household.origin_area.municipality_code = "461"
    household.origin_area.save()
    AreaListStatusFactory(area=household.origin_area, year=2026)
    # An id past 999, as on a database in use: identifiers are never grouped ("1.634").
    MemberFactory(household=household, birth_year=1985, id=1634)
    JournalEntryFactory(household=household, kind="phone_call", occurred_on=DAY)
    offer = HousingOfferFactory(household=household, net_rent=Decimal("6250.50"), offered_on=DAY)
    MoveFactory(household=household, moved_on=DAY, offer=offer)
    BridgeFactory(pk=BIG_ID, household=household, local_contact=LocalContactFactory())
    services.household_update(
        household=household,
        expected_version=household.version,
        changes={"current_rent": Decimal("5450")},
        by=bridge_builder,
    )
    AccessLog.objects.create(
        user=bridge_builder,
        action=AccessLog.Action.VIEW,
        target_type="journal_entry",
        target_id="10",
        household_reference=household.reference,
        path="/",
    )
    return household


def _choose(client, language):
    client.post(reverse("set_language"), {"language": language, "next": "/"})


def _pages(client, case, bridge_builder, manager):
    client.force_login(bridge_builder)
    for url in (
        reverse("households:detail", args=[case.pk]),
        reverse("households:timeline", args=[case.pk]),
        reverse("households:caseload"),
        reverse("actors:area_detail", args=[case.origin_area.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        yield url, response.content.decode()
    client.force_login(manager)
    url = reverse("privacy:export_html", args=[case.pk])
    yield url, client.get(url).content.decode()
    response = client.post(reverse("audit:log"), {"household": case.reference}, follow=True)
    yield "audit", response.content.decode()


@pytest.mark.parametrize("language", ["da", "en"])
def test_key_pages_show_no_date_number_or_code_name_outside_the_language_formats(
    client, case, bridge_builder, manager, language
):
    _choose(client, language)
    seen = {}
    for url, html in _pages(client, case, bridge_builder, manager):
        text = _visible(html)
        seen[url] = text
        for pattern in (
            ISO_DATE,
            NUMERIC_DATE,
            AM_PM,
            GROUPED_YEAR,
            WHOLE_MONEY_WITH_CENTS,
            CODE_NAME,
            STORED_NONE,
        ):
            assert not pattern.findall(text), (
                url,
                pattern.pattern,
                [text[max(0, m.start() - 80) : m.end() + 10] for m in pattern.finditer(text)],
            )
        if language == "da":
            assert not ENGLISH_MONTH_IN_DANISH.findall(text), url
    case_page = seen[reverse("households:detail", args=[case.pk])]
    if language == "da":
        assert "5.450 kr./md." in case_page
        assert "6.250,50 kr./md." in case_page
        assert "5. dec. 2026" in case_page
    else:
        assert "5,450 kr./month" in case_page
        assert "6,250.50 kr./month" in case_page
        assert "5 Dec 2026" in case_page
    assert "1985" in seen[reverse("privacy:export_html", args=[case.pk])]


def test_ids_in_attributes_are_never_grouped(client, case, bridge_builder):
    client.force_login(bridge_builder)
    html = client.get(reverse("households:detail", args=[case.pk])).content.decode()
    assert f'id="bridge-status-{BIG_ID}"' in html
    assert "12.345" not in html and "12,345" not in html.replace("12,345 kr", "")


@pytest.mark.parametrize(
    ("language", "value", "expected"),
    [
        ("da", Decimal("5400.00"), "5.400"),
        ("da", Decimal("5400.5"), "5.400,50"),
        ("en", Decimal("5400.00"), "5,400"),
        ("en", 1234567, "1,234,567"),
        ("da", None, ""),
    ],
)
def test_money_is_grouped_and_whole_amounts_have_no_cents(language, value, expected):
    with translation.override(language):
        rendered = Template("{% load numbers %}{{ v|money }}").render(Context({"v": value}))
    assert rendered == expected


def test_plain_numbers_are_grouped_and_unlocalize_keeps_years_plain():
    with translation.override("da"):
        rendered = Template("{% load l10n %}{{ n }} {{ year|unlocalize }}").render(
            Context({"n": 100000, "year": 2026})
        )
    assert rendered == "100.000 2026"
