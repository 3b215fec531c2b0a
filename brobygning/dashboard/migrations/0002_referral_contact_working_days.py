from django.db import migrations, models
from django.utils import timezone

from brobygning.core.workdays import working_days_between


def fill_working_days(apps, schema_editor):
    """Rows made before the column: count their working days once (the services and the
    nightly rebuild keep them from here on)."""
    ReferralContact = apps.get_model("dashboard", "ReferralContact")
    rows = ReferralContact.objects.filter(after_sent__isnull=False).select_related("referral")
    changed = []
    for row in rows.iterator(chunk_size=2000):
        if row.referral.sent_at is None:
            continue
        sent_on = timezone.localdate(row.referral.sent_at)
        row.working_days_after_sent = working_days_between(sent_on, row.after_sent)
        changed.append(row)
    ReferralContact.objects.bulk_update(changed, ["working_days_after_sent"], batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [
        ("dashboard", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="referralcontact",
            name="working_days_after_sent",
            field=models.PositiveIntegerField(
                null=True, verbose_name="working days from sending to first contact"
            ),
        ),
        migrations.RunPython(fill_working_days, migrations.RunPython.noop),
    ]
