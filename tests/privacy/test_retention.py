"""Retention: closed cases are anonymised and access-log rows deleted after their periods."""

from datetime import date, datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from brobygning.core.models import AccessLog
from brobygning.privacy import retention, tasks
from households.models import Household, Phase
from tests.factories import AccessLogFactory, HouseholdFactory
from tests.privacy.conftest import dashboard_figures, tables_containing

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
NOW = datetime(2031, 6, 2, 3, 0, tzinfo=COPENHAGEN)
TODAY = date(2031, 6, 2)
CASE_DAYS = 5 * 365
LOG_DAYS = 2 * 365


@pytest.fixture(autouse=True)
def periods(settings, time_machine):
    time_machine.move_to(NOW, tick=False)
    settings.BROBYGNING = {
        **settings.BROBYGNING,
        "CLOSED_CASE_RETENTION_DAYS": CASE_DAYS,
        "ACCESS_LOG_RETENTION_DAYS": LOG_DAYS,
    }


def closed(closed_on, **kwargs):
    return HouseholdFactory(phase=Phase.CLOSED, closed_on=closed_on, **kwargs)


def logged(days_ago):
    # `at` is set on insert and the row cannot be changed afterwards: write it back then.
    with time_machine.travel(NOW - timedelta(days=days_ago), tick=False):
        return AccessLogFactory()


@pytest.fixture
def cases(db):
    cutoff = TODAY - timedelta(days=CASE_DAYS)
    return {
        "old": closed(cutoff - timedelta(days=1)),
        "older": closed(cutoff - timedelta(days=400)),
        "on_the_day": closed(cutoff),
        "recent": closed(TODAY - timedelta(days=30)),
        "legal_hold": closed(cutoff - timedelta(days=1), legal_hold=True),
        "open": HouseholdFactory(opened_on=cutoff - timedelta(days=900)),
    }


@pytest.fixture
def logs(db):
    return {
        "old": logged(LOG_DAYS + 1),
        "fresh": logged(LOG_DAYS - 1),
    }


def anonymised_references():
    return set(
        Household.objects.filter(anonymised_at__isnull=False).values_list("reference", flat=True)
    )


def test_purge_anonymises_only_closed_cases_past_the_period(cases):
    report = retention.purge()

    expected = {cases["old"].reference, cases["older"].reference}
    assert set(report.anonymised) == expected
    assert anonymised_references() == expected


def test_purge_deletes_only_access_log_rows_past_their_period(logs):
    report = retention.purge()

    assert report.access_log_deleted == 1
    assert list(AccessLog.objects.values_list("pk", flat=True)) == [logs["fresh"].pk]


def test_a_second_purge_changes_nothing(cases, logs):
    retention.purge()
    after_first = (dashboard_figures(), list(Household.objects.values()), AccessLog.objects.count())

    report = retention.purge()

    assert (report.anonymised, report.access_log_deleted) == ([], 0)
    assert (
        dashboard_figures(),
        list(Household.objects.values()),
        AccessLog.objects.count(),
    ) == after_first


def test_dry_run_changes_nothing_and_lists_exactly_what_the_real_run_does(cases, logs):
    before = (list(Household.objects.values()), list(AccessLog.objects.values()))

    dry = retention.purge(dry_run=True)

    assert (list(Household.objects.values()), list(AccessLog.objects.values())) == before
    real = retention.purge()
    assert (dry.anonymised, dry.access_log_deleted) == (real.anonymised, real.access_log_deleted)
    assert dry.anonymised == [cases["older"].reference, cases["old"].reference]


def test_purge_command_dry_run_lists_the_references_and_changes_nothing(cases, logs):
    out = StringIO()

    call_command("purge_retention", "--dry-run", stdout=out)

    assert cases["old"].reference in out.getvalue()
    assert cases["older"].reference in out.getvalue()
    assert cases["recent"].reference not in out.getvalue()
    assert anonymised_references() == set()
    assert AccessLog.objects.count() == 2


def test_purge_command_anonymises(cases, logs):
    call_command("purge_retention", stdout=StringIO())

    assert anonymised_references() == {cases["old"].reference, cases["older"].reference}
    assert AccessLog.objects.count() == 1


def test_celery_task_runs_the_purge_and_logs_counts_only(cases, logs, caplog):
    caplog.set_level("INFO", logger="brobygning.privacy.retention")

    assert tasks.purge_retention.apply().get() is None

    assert anonymised_references() == {cases["old"].reference, cases["older"].reference}
    assert AccessLog.objects.count() == 1
    assert "2 closed cases anonymised, 1 access-log rows and 0 ended sessions deleted" in (
        caplog.text
    )
    assert cases["old"].reference not in caplog.text
    assert cases["old"].display_name not in caplog.text


def test_purge_skips_a_case_anonymised_by_hand(cases):
    stamp = NOW - timedelta(days=10)
    cases["old"].anonymised_at = stamp
    cases["old"].save(update_fields=["anonymised_at"])

    report = retention.purge()

    assert cases["old"].reference not in report.anonymised
    cases["old"].refresh_from_db()
    assert cases["old"].anonymised_at == stamp


def test_periods_come_from_the_settings(settings, cases):
    settings.BROBYGNING = {**settings.BROBYGNING, "CLOSED_CASE_RETENTION_DAYS": 10}

    report = retention.purge()

    assert cases["recent"].reference in report.anonymised
    assert cases["legal_hold"].reference not in report.anonymised
    assert cases["open"].reference not in report.anonymised


def test_periods_default_when_not_set(settings):
    settings.BROBYGNING = {
        key: value
        for key, value in settings.BROBYGNING.items()
        if key not in {"CLOSED_CASE_RETENTION_DAYS", "ACCESS_LOG_RETENTION_DAYS"}
    }

    assert retention.closed_case_retention_days() == 5 * 365
    assert retention.access_log_retention_days() == 2 * 365


def test_closed_case_past_retention_leaves_no_marker_and_keeps_the_figures(
    case, other_case, time_machine
):
    """Close a case, advance past the period, purge twice, scan every table."""
    case.household.phase = Phase.CLOSED
    case.household.closed_on = TODAY - timedelta(days=CASE_DAYS + 1)
    case.household.save(update_fields=["phase", "closed_on"])
    before = dashboard_figures()

    retention.purge()
    retention.purge()

    assert tables_containing("MRK-A-") == []
    assert tables_containing(case.name) == []
    assert tables_containing(other_case.name)
    assert dashboard_figures() == before


def test_ended_sessions_and_their_session_records_are_deleted(bridge_builder):
    from allauth.usersessions.models import UserSession
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session

    def session(expires, key_hint):
        store = SessionStore()
        store["search"] = {"q": f"Familien {key_hint}"}  # what a search leaves behind
        store.create()
        Session.objects.filter(session_key=store.session_key).update(expire_date=expires)
        UserSession.objects.create(
            user=bridge_builder, session_key=store.session_key, ip="10.0.0.1", created_at=NOW
        )
        return store.session_key

    session(NOW - timedelta(minutes=1), "Gammel")
    live = session(NOW + timedelta(hours=1), "Ny")

    dry = retention.purge(dry_run=True)
    assert Session.objects.count() == 2
    report = retention.purge()

    assert dry.sessions_deleted == report.sessions_deleted == 1
    assert list(Session.objects.values_list("session_key", flat=True)) == [live]
    assert list(UserSession.objects.values_list("session_key", flat=True)) == [live]
    assert retention.purge().sessions_deleted == 0
