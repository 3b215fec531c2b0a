"""Demo referrals from the `genhusning` user (used by `manage.py seed_demo`)."""

from datetime import timedelta

from django.utils import timezone

from actors.models import Area
from households.models import Household
from referrals import services
from referrals.models import Referral


def seed(*, users, stdout):
    sender, builder = users["genhusning"], users["brobygger"]
    if Referral.objects.filter(sender=sender).exists():
        return
    now, today = timezone.now(), timezone.localdate()
    haddad = Household.objects.filter(display_name="Familien Haddad").first()
    if haddad:
        Referral.objects.create(
            sender=sender,
            household=haddad,
            display_name=haddad.display_name,
            origin_area=haddad.origin_area,
            origin_address=haddad.origin_address,
            household_composition="Mor og fire børn (16, 12, 10 og 4 år)",
            reason="Enlig mor, skal flytte midt i sommerferien; mange skoleskift.",
            needs=["school", "daycare", "leisure"],
            preferred_language="arabisk",
            interpreter_needed=True,
            lost_support="Familiementor og beskæftigelsesmentor fra helhedsplanen i Vollsmose",
            consent_given_on=haddad.opened_on,
            consent_method="written",
            consent_obtained_by="Lars Pedersen",
            status=Referral.Status.ACCEPTED,
            sent_at=now - timedelta(days=152),
            opened_at=now - timedelta(days=151),
            opened_by=builder,
            answered_at=now - timedelta(days=150),
            answered_by=builder,
            assigned_to=builder,
        )
    gellerup = Area.objects.get(name="Gellerup")
    vollsmose = Area.objects.get(name="Vollsmose")
    pending = [
        (
            "Familien Warsame",
            gellerup,
            "Far med tre børn; den ældste har svært ved skoleskift.",
            ["school", "economy"],
            "somali",
            1,
        ),
        (
            "Hr. Bashir",
            vollsmose,
            "Ældre mand alene, dårligt gående; har brug for ældrebolig.",
            ["elderly", "health", "moving_help"],
            "urdu",
            5,
        ),
    ]
    for name, area, reason, needs, language, days_ago in pending:
        referral = Referral.objects.create(
            sender=sender,
            display_name=name,
            origin_area=area,
            origin_address=f"{area.name}vej {days_ago}",
            reason=reason,
            needs=needs,
            preferred_language=language,
            interpreter_needed=True,
            consent_given_on=today - timedelta(days=days_ago),
            consent_method="oral",
            consent_obtained_by="Lars Pedersen",
        )
        referral = services.referral_send(referral=referral, by=sender)
        referral.sent_at = now - timedelta(days=days_ago)
        referral.save(update_fields=["sent_at"])
    stdout.write("Demo referrals: 3.")
