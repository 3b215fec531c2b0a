"""`brobygning.core.bulk.insert_rows` writes what bulk_create would, on SQLite and on
PostgreSQL (arrays per column there), however many rows and whatever the text holds."""

from datetime import date

import pytest
from django.db import IntegrityError, connection
from django.utils import timezone

from brobygning.core.bulk import insert_rows
from brobygning.core.models import Notification
from followups.models import Reminder
from tests.factories import FollowUpFactory

TEXTS = ["plain", "it's 100% %s %(x)s", "æøå – ’", "", "{1,2}", "NULL", "a\\b", 'say "hi"']


def test_rows_and_common_values_are_written_as_given(bridge_builder, teammate):
    now = timezone.now()
    rows = [
        (user.pk, text, f"/{n}/")
        for n, text in enumerate(TEXTS)
        for user in (bridge_builder, teammate)
    ]

    insert_rows(
        Notification,
        ("user", "text", "url"),
        rows,
        common={"created_at": connection.ops.adapt_datetimefield_value(now)},
    )

    written = Notification.objects.order_by("pk").values_list("user", "text", "url", "created_at")
    assert list(written) == [(*row, now) for row in rows]
    assert not Notification.objects.filter(read_at__isnull=False).exists()


def test_more_rows_than_one_statement_may_carry_are_all_written(bridge_builder):
    rows = [(bridge_builder.pk, f"notice {n}", "") for n in range(1500)]  # > SQLite's 999 params
    insert_rows(
        Notification,
        ("user", "text", "url"),
        rows,
        common={"created_at": connection.ops.adapt_datetimefield_value(timezone.now())},
    )
    assert Notification.objects.count() == 1500


def reminder_rows(followups, day):
    return [(f.pk, connection.ops.adapt_datefield_value(day)) for f in followups]


def common():
    created_at = connection.ops.adapt_datetimefield_value(timezone.now())
    return {"created_at": created_at, "channel": "", "attempts": 0, "last_error": ""}


def test_a_row_that_breaks_a_constraint_is_an_integrity_error(household):
    followup = FollowUpFactory(household=household)
    day = date(2026, 3, 2)
    Reminder.objects.create(followup=followup, day=day)
    with pytest.raises(IntegrityError):
        insert_rows(Reminder, ("followup", "day"), reminder_rows([followup], day), common=common())


def test_no_rows_write_nothing(db):
    insert_rows(Notification, ("user", "text", "url"), [])
    assert not Notification.objects.exists()
