from django.db import migrations, models
from django.db.models import Q
from django.utils import timezone

from brobygning.core.workdays import is_working_day, working_days_between


def fill_working_days_to_answer(apps, schema_editor):
    """Rows made before the column: a row for each referral sent (those without a case had
    none), with its working days to the answer counted once (the services and the nightly
    rebuild keep them from here on; see summary.working_days_to_answer)."""
    Referral = apps.get_model("referrals", "Referral")
    ReferralContact = apps.get_model("dashboard", "ReferralContact")
    referrals = Referral.objects.filter(
        Q(household__isnull=False) | Q(sent_at__isnull=False)
    ).values_list("pk", "sent_at", "answered_at")
    rows = []
    for pk, sent_at, answered_at in referrals.iterator(chunk_size=2000):
        days = None
        if sent_at is not None and answered_at is not None:
            sent_on, answered_on = timezone.localdate(sent_at), timezone.localdate(answered_at)
            days = 0
            if answered_on > sent_on:
                days = working_days_between(sent_on, answered_on)
                days += 0 if is_working_day(answered_on) else 1
        rows.append(ReferralContact(referral_id=pk, working_days_to_answer=days))
    ReferralContact.objects.bulk_create(
        rows,
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["referral"],
        update_fields=["working_days_to_answer"],
    )


class Migration(migrations.Migration):
    dependencies = [
        ("dashboard", "0002_referral_contact_working_days"),
    ]

    operations = [
        migrations.AddField(
            model_name="referralcontact",
            name="working_days_to_answer",
            field=models.PositiveIntegerField(
                null=True, verbose_name="working days from sending to the answer"
            ),
        ),
        migrations.RunPython(fill_working_days_to_answer, migrations.RunPython.noop),
    ]
