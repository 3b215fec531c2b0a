"""Property-based fuzzing of every form of the project (issue 8, "Fuzzing").

For every URL that accepts POST in `URL_POLICY` (the Django admin aside: framework code,
staff only), hypothesis posts generated bodies as a role allowed to post: the form's own field
names (read from the page, plus the sample body's) with arbitrary values — unicode and NUL,
huge strings, numbers far out of range, impossible dates, ids that do not exist or overflow,
lists, and the valid choices of the form mixed in so the deeper code runs too.

Properties: never a server error; and a refused request (4xx, or a form shown again with
errors, or an error message) writes nothing — no partial write. Each example runs in a
savepoint that is rolled back, so examples do not change each other's world.

Deterministic (`derandomize=True`), so a failure here is reproducible and a known bug can be
marked xfail(strict=True) without flakiness.
"""

from html.parser import HTMLParser
from http.cookies import SimpleCookie

import pytest
from django.contrib.messages import constants, get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.security.conftest import client_for
from tests.security.support import bugs_for, db_digest
from tests.security.test_url_policy import URL_POLICY, post_data, url_for

FUZZ_URLS = sorted(
    name
    for name, policy in URL_POLICY.items()
    if "POST" in policy.methods and not name.startswith("admin:")
)
# Fields of POST-only endpoints, which have no page to read them from.
EXTRA_FIELDS = {
    "households:bridge_request": ["override_reason"],
    "households:bridge_status": ["status", "note"],
    "referrals:accept": ["bridge_builder"],
    "referrals:decline": ["reason", "note"],
    "referrals:message": ["text"],
    "referrals:reopen": ["note"],
    "followups:complete": ["visit_offered", "visit_answer", "visit_on", "outcome_note"],
    "followups:cancel": ["reason"],
    "followups:calendar_token": ["action"],
    "followups:invitation_status": ["status"],
    "referrals:import": ["file"],
    "account_login": ["login", "password", "remember"],
}
# Mass-assignment keys posted along (see also test_mass_assignment.py).
SMUGGLED = ["bridge_builder", "team", "household", "status", "sender", "author", "user", "pk"]
# Writes a refused request may still make: the access log (reads are logged), sessions, and
# django-axes' record of a failed login.
MAY_WRITE_WHEN_REFUSED = {"axes.accessattempt", "axes.accessfailurelog", "axes.accesslog"}
EXAMPLES = 25


class _FormFields(HTMLParser):
    """Field names, and the option values of selects/radios/checkboxes, of the POST forms of a
    page that post back to the page itself."""

    def __init__(self):
        super().__init__()
        self.fields, self.options, self._in_form, self._select = {}, {}, False, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._in_form = (attrs.get("method") or "").lower() == "post" and not attrs.get(
                "action"
            )
        if not self._in_form:
            return
        name = attrs.get("name")
        if tag in ("input", "textarea", "select") and name and name != "csrfmiddlewaretoken":
            self.fields.setdefault(name, attrs.get("type", tag))
            if attrs.get("type") in ("radio", "checkbox") and attrs.get("value"):
                self.options.setdefault(name, []).append(attrs["value"])
            if tag == "select":
                self._select = name
        if tag == "option" and self._select and attrs.get("value"):
            self.options.setdefault(self._select, []).append(attrs["value"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        if tag == "select":
            self._select = None


def _form_of(url_name, world):
    """(field names, valid options) of the endpoint, read from its page when it has one."""
    policy = URL_POLICY[url_name]
    parser = _FormFields()
    if "GET" in policy.methods:
        response = client_for(world, policy.post_as).get(url_for(url_name, world))
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            parser.feed(response.content.decode())
    names = (
        set(parser.fields) | set(post_data(url_name, world)) | set(EXTRA_FIELDS.get(url_name, []))
    )
    return sorted(names), parser.options


def _ids(world):
    own = world.own
    return [
        own.household.pk,
        world.other.household.pk,
        own.member.pk,
        own.offer.pk,
        world.bridge_builder.pk,
        world.other_bridge_builder.pk,
        world.directory.area.pk,
    ]


TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=60)
HUGE = st.builds(
    lambda c, n: c * n,
    st.sampled_from(["a", "æ", "<", "'", "%", "\x00"]),
    st.integers(300, 30_000),
)
NUMBERS = st.one_of(
    st.integers(-(2**70), 2**70).map(str),
    st.sampled_from(["1e400", "-0", "NaN", "inf", "0x10", "1,5", "1.000.000", "٣"]),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
)
DATES = st.one_of(
    st.dates().map(lambda d: d.isoformat()),
    st.sampled_from(
        [
            "2026-02-30",
            "0000-00-00",
            "9999-12-31",
            "0001-01-01",
            "31-12-2026",
            "2026-13-01",
            "2026-01-01T25:61",
            "1970-01-01T00:00",
            "tomorrow",
        ]
    ),
    st.datetimes().map(lambda d: d.strftime("%Y-%m-%dT%H:%M")),
)
OVERFLOWING_IDS = [str(2**63), str(2**64), str(-(2**63) - 1)]
MISSING_IDS = st.sampled_from(["0", "-1", "999999999", *OVERFLOWING_IDS, "1.5", "1;2", ""])


# (url, field) → a predicate the generated value must meet: a way to step around a known
# bug so the fuzzer keeps guarding everything else while the bug has its own
# xfail(strict=True) regression test. Empty: the bugs it found (overflowing ids in multiple
# choices, unreadable CSV uploads) are fixed and have plain regression tests below.
KNOWN_BAD_INPUTS = {}


def _value_strategy(options, ids):
    scalar = st.one_of(
        TEXT,
        HUGE,
        NUMBERS,
        DATES,
        MISSING_IDS,
        st.sampled_from([str(i) for i in ids]),
        st.sampled_from(["on", "true", "", " ", "None", "null", "[]", "{}"]),
        *([st.sampled_from(options)] * 3 if options else []),
    )
    return st.one_of(scalar, st.lists(scalar, min_size=2, max_size=4))


def _upload():
    rows = st.lists(st.lists(TEXT, max_size=10), max_size=6)
    csv = rows.map(lambda rs: "\n".join(";".join(r) for r in rs).encode("utf-8", "surrogatepass"))
    content = st.one_of(st.binary(max_size=3000), csv, st.just(b"PK\x03\x04broken zip"))
    name = st.sampled_from(["liste.csv", "liste.xlsx", "liste.txt", "liste.exe", "../x.csv"])
    return st.builds(lambda n, c: SimpleUploadedFile(n, c), name, content)


def _bodies(url_name, fields, options, ids):
    optional = {name: _value_strategy(options.get(name, []), ids) for name in fields}
    if "file" in fields:
        optional["file"] = _upload()
    for (known_url, field), acceptable in KNOWN_BAD_INPUTS.items():
        if known_url == url_name and field in optional:
            optional[field] = optional[field].filter(acceptable)
    optional |= {name: _value_strategy([], ids) for name in SMUGGLED if name not in fields}
    return st.fixed_dictionaries({}, optional=optional)


def _refused(response):
    if response.status_code >= 400:
        return True
    for context in response.context or []:
        for value in context.flatten().values() if hasattr(context, "flatten") else []:
            if getattr(value, "errors", None) and hasattr(value, "is_bound"):
                return True
    return any(m.level >= constants.ERROR for m in get_messages(response.wsgi_request))


@pytest.mark.parametrize(
    "url_name", [pytest.param(n, marks=bugs_for("fuzz", n)) for n in FUZZ_URLS]
)
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)
@given(data=st.data())
def test_generated_posts_never_cause_a_server_error_or_a_partial_write(
    world, poster, url_name, data
):
    fields, options = _form_cache(url_name, world)
    body = data.draw(_bodies(url_name, fields, options, _ids(world)), label="body")
    client = poster(URL_POLICY[url_name].post_as)
    cookies = SimpleCookie(client.cookies)
    try:
        with transaction.atomic():
            before = db_digest(exclude=MAY_WRITE_WHEN_REFUSED)
            response = client.post(url_for(url_name, world), body)
            assert response.status_code < 500
            if _refused(response):
                assert db_digest(exclude=MAY_WRITE_WHEN_REFUSED) == before, "partial write"
            transaction.set_rollback(True)
    finally:
        client.cookies = cookies  # a logout or login in the example is rolled back too


@pytest.fixture
def poster(world):
    """The logged-in client of a role, built once per test (not per example: a login costs
    more than the request). Built outside the examples' savepoints, so its session stays."""
    clients = {}

    def get(role):
        if role not in clients:
            clients[role] = client_for(world, role)
        return clients[role]

    return get


_FORMS = {}


def _form_cache(url_name, world):
    if url_name not in _FORMS:
        _FORMS[url_name] = _form_of(url_name, world)
    return _FORMS[url_name]


# --- Regression tests for the bugs the fuzzer found -------------------------------------------

MULTIPLE_CHOICES = [
    ("actors:offer_create", "areas"),
    ("actors:offer_edit", "areas"),
    ("households:consent_add", "actors"),
]


@pytest.mark.parametrize(("url_name", "field"), MULTIPLE_CHOICES)
def test_an_id_too_large_for_the_database_in_a_multiple_choice_is_a_form_error(
    world, url_name, field
):
    client = client_for(world, URL_POLICY[url_name].post_as)
    body = {**post_data(url_name, world), field: [str(2**63)]}
    before = db_digest()
    response = client.post(url_for(url_name, world), body)
    assert response.status_code == 400
    assert db_digest() == before


@pytest.mark.parametrize("content", [b"\x81", b"Lejem\xe5lsnummer;\x8d\x90"])
def test_an_undecodable_csv_upload_is_refused_with_a_message(world, content):
    client = client_for(world, "rehousing_consultant")
    upload = SimpleUploadedFile("liste.csv", content, content_type="text/csv")
    response = client.post(url_for("referrals:import", world), {"file": upload})
    assert response.status_code == 400
    assert "referral_import_rows" not in client.session


def test_a_csv_upload_with_old_mac_line_endings_is_read_or_refused_with_a_message(world):
    client = client_for(world, "rehousing_consultant")
    content = "Lejemålsnummer;Husstand\rA-1;Familien Hansen\r".encode()
    upload = SimpleUploadedFile("liste.csv", content, content_type="text/csv")
    response = client.post(url_for("referrals:import", world), {"file": upload})
    assert response.status_code in (200, 400)


def test_the_fuzzer_reads_the_fields_of_the_forms(world):
    fields, options = _form_of("households:journal_add", world)
    assert {"kind", "occurred_on", "note", "confidentiality"} <= set(fields)
    assert "home_visit" in options["kind"]


# --- Filters and searches (GET forms) ----------------------------------------------------------

GET_FORMS = {
    "households:caseload": "bridge_builder",
    "actors:directory": "bridge_builder",
    "actors:actor_list": "bridge_builder",
    "actors:area_list": "bridge_builder",
    "actors:door_hanger": "bridge_builder",
    "followups:tasks": "manager",
    "dashboard:index": "manager",
    "dashboard:cases": "manager",
    "dashboard:export_figures": "manager",
    "dashboard:export_cases": "manager",
    "monitor:receiving_areas": "manager",
    "audit:log": "manager",
}
# Query parameters the pages read besides their forms (paging, switches).
GET_EXTRA = [
    "side",
    "alle",
    "sprog",
    "opgang",
    "figure",
    "bridge_builder",
    "phase",
    "answer",
    "criterion",
    "category",
    "met",
    "scope",
    "unassigned",
    "team",
    "origin_area",
    "receiving_area",
    "period_from",
    "period_to",
    "q",
    "household",
    "user",
    "date_from",
    "date_to",
]


@pytest.mark.parametrize(
    "url_name", [pytest.param(n, marks=bugs_for("fuzz_get", n)) for n in sorted(GET_FORMS)]
)
@settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
@given(data=st.data())
def test_generated_filters_and_searches_never_cause_a_server_error(world, poster, url_name, data):
    ids = _ids(world)
    query = data.draw(
        st.fixed_dictionaries({}, optional={k: _value_strategy([], ids) for k in GET_EXTRA}),
        label="query",
    )
    url = url_for(url_name, world).split("?")[0]
    with transaction.atomic():
        response = poster(GET_FORMS[url_name]).get(url, query)
        assert response.status_code < 500
        transaction.set_rollback(True)


def test_every_url_with_a_filter_form_is_fuzzed(world):
    assert set(GET_FORMS) <= set(URL_POLICY)
    for name, role in GET_FORMS.items():
        assert URL_POLICY[name].get[role] == 200, name
