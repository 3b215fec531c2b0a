"""Demo follow-ups (used by `manage.py seed_demo`): today's and the coming week's tasks, a
request stalled at an actor, and a reminder e-mail the mail server refused."""

from datetime import timedelta

from django.utils import timezone

from followups import services
from followups.models import FollowUp, Reminder
from households.models import Bridge, Household


def seed(*, users, stdout):
    builder = users["brobygger"]
    if FollowUp.objects.filter(kind=FollowUp.Kind.CUSTOM).exists():
        return
    today = timezone.localdate()
    for name, days, title in [
        ("Fru Larsen", 0, "Ring og aftal besøg i det nye område med Fru Larsen"),
        ("Familien Yilmaz", 0, "Hjemmebesøg: gennemgå ønsker til boligen"),
        ("Familien Hussein", 2, "Følg op på skoleskift for den ældste"),
        ("Fru Christensen", 5, "Inspirationstur til Hasle med Fru Christensen"),
    ]:
        household = Household.objects.filter(display_name=name).first()
        if household:
            services.followup_create(
                household=household,
                kind=FollowUp.Kind.CUSTOM,
                assignee=builder,
                due_on=today + timedelta(days=days),
                title=title,
            )
    _stalled_request(today)
    _refused_email(builder)
    stdout.write("Demo follow-ups: today's and the coming week's tasks.")


def _stalled_request(today):
    """Familien Hussein's daycare request was sent ten days ago and is still unanswered."""
    bridge = (
        Bridge.objects.filter(household__display_name="Familien Hussein", status="requested")
        .order_by("pk")
        .first()
    )
    if bridge is None:
        return
    bridge.requested_at = timezone.now() - timedelta(days=10)
    bridge.save(update_fields=["requested_at", "updated_at"])
    FollowUp.objects.open().filter(rule=FollowUp.Rule.BRIDGE_REQUESTED, bridge=bridge).update(
        trigger_on=today - timedelta(days=10), due_on=today - timedelta(days=3)
    )


def _refused_email(builder):
    """A reminder whose e-mail the server kept refusing: on the administrator's start page."""
    followup = FollowUp.objects.open().filter(assignee=builder).order_by("due_on").first()
    if followup is None:
        return
    Reminder.objects.get_or_create(
        followup=followup,
        day=timezone.localdate() - timedelta(days=1),
        defaults={
            "sent_at": timezone.now() - timedelta(days=1),
            "channel": "email_now",
            "attempts": 5,
            "last_error": "SMTPRecipientsRefused: 550 mailbox unavailable",
        },
    )
