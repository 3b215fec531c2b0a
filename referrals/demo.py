"""Demo referrals from the `genhusning` user (used by `manage.py seed_demo`)."""

from datetime import timedelta

from django.utils import timezone

from actors.models import Area
from households.models import Household
from referrals import services
from referrals.models import Referral, ReferralMember


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
            origin_postcode=haddad.origin_postcode,
            origin_town=haddad.origin_town,
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
            # Past the answer deadline: on the managers' start page.
            10,
        ),
    ]
    # Who lives in each household, as the sender fills in the rows: accepting makes them members.
    people = {
        "Familien Warsame": [
            ("Abdi", "applicant", 44),
            ("Hodan", "child", 15),
            ("Ayaan", "child", 11),
            ("Liban", "child", 7),
        ],
        "Hr. Bashir": [("Bashir", "applicant", 79)],
    }
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
        ReferralMember.objects.bulk_create(
            ReferralMember(
                referral=referral, first_name=first, relation=relation, birth_year=today.year - age
            )
            for first, relation, age in people[name]
        )
        referral = services.referral_send(referral=referral, by=sender)
        referral.sent_at = now - timedelta(days=days_ago)
        referral.save(update_fields=["sent_at"])
    _answered_and_drafts(sender, builder, gellerup, vollsmose)
    stdout.write(f"Demo referrals: {Referral.objects.count()}.")


def _answered_and_drafts(sender, builder, gellerup, vollsmose):
    """The rehousing consultant's other queues: a question to answer, a declined referral
    with its reason, and a draft not sent yet."""
    today = timezone.localdate()

    def sent(name, area, reason, needs):
        referral = Referral.objects.create(
            sender=sender,
            display_name=name,
            origin_area=area,
            origin_address=f"{area.name}vej 7",
            reason=reason,
            needs=needs,
            consent_given_on=today - timedelta(days=3),
            consent_method="written",
            consent_obtained_by="Lars Pedersen",
        )
        return services.referral_send(referral=referral, by=sender)

    asked = sent(
        "Familien Omar",
        gellerup,
        "Mor med to børn; far er indlagt. Familien er usikker på, hvor de vil bo.",
        ["economy", "health"],
    )
    services.referral_open(referral=asked, by=builder)
    services.referral_message(
        referral=asked,
        text="Har familien allerede en sagsbehandler i jobcentret? Og hvornår er fraflytningen?",
        by=builder,
    )
    declined = sent(
        "Hr. Jakobsen",
        vollsmose,
        "Enlig mand, ønsker hjælp til flytningen.",
        ["moving_help"],
    )
    services.referral_open(referral=declined, by=builder)
    services.referral_decline(
        referral=declined,
        reason=Referral.DeclineReason.SUPPORTED_ELSEWHERE,
        note="Har allerede en bostøttemedarbejder, der hjælper med flytningen.",
        by=builder,
    )
    Referral.objects.create(
        sender=sender,
        display_name="Familien Ali",
        origin_area=gellerup,
        origin_address="Gellerupvej 12",
        reason="Kladde: mangler samtykke, før den kan sendes.",
        needs=["school"],
    )
