from brobygning.core.models import Notification


def notify(users, *, text, url=""):
    """Create one in-app notification per user (in the caller's transaction)."""
    Notification.objects.bulk_create(
        [Notification(user=user, text=str(text)[:300], url=url) for user in set(users)]
    )
