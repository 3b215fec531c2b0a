from django.db import connection

from brobygning.core.bulk import insert_rows
from brobygning.core.models import Notification


def notify(users, *, text, url=""):
    """Create one in-app notification per user (in the caller's transaction)."""
    Notification.objects.bulk_create(
        [Notification(user=user, text=str(text)[:300], url=url) for user in set(users)]
    )


def notify_each(notices, *, now):
    """One notification per (user id, text, link), written as plain rows in the caller's
    transaction: the reminder scan writes thousands at a time."""
    insert_rows(
        Notification,
        ("user", "text", "url"),
        [(user_id, str(text)[:300], url) for user_id, text, url in notices],
        common={"created_at": connection.ops.adapt_datetimefield_value(now)},
    )
