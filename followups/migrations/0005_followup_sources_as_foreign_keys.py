"""What a follow-up hangs on becomes a foreign key ("bridge:12" → bridge 12); 0006 then drops
the text column. Two migrations, so PostgreSQL has no pending foreign-key checks on the table
when it is altered."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


FIELDS = {"referral": "referral_id", "move": "move_id", "closure": "closure_id", "bridge": "bridge_id"}
TARGETS = {
    "referral": ("referrals", "Referral"),
    "move": ("households", "Move"),
    "closure": ("households", "Closure"),
    "bridge": ("households", "Bridge"),
}


def sources_to_keys(apps, schema_editor):
    """"bridge:12" → bridge_id 12. A source naming a row that is not there (or not a number)
    is left without one: the follow-up stays, it only no longer moves with its trigger."""
    FollowUp = apps.get_model("followups", "FollowUp")
    for prefix, column in FIELDS.items():
        Target = apps.get_model(*TARGETS[prefix])
        rows = list(FollowUp.objects.filter(source__startswith=f"{prefix}:").only("pk", "source"))
        ids = {row.pk: row.source.partition(":")[2] for row in rows}
        numbers = {pk: int(text) for pk, text in ids.items() if text.isdigit()}
        existing = set(
            Target.objects.filter(pk__in=set(numbers.values())).values_list("pk", flat=True)
        )
        for row in rows:
            number = numbers.get(row.pk)
            if number in existing:
                setattr(row, column, number)
        FollowUp.objects.bulk_update(rows, [column], batch_size=1000)


def keys_to_sources(apps, schema_editor):
    FollowUp = apps.get_model("followups", "FollowUp")
    for prefix, column in FIELDS.items():
        rows = list(FollowUp.objects.filter(**{f"{column}__isnull": False}))
        for row in rows:
            row.source = f"{prefix}:{getattr(row, column)}"
        FollowUp.objects.bulk_update(rows, ["source"], batch_size=1000)


class Migration(migrations.Migration):

    dependencies = [
        ('followups', '0004_system_outcomes_as_events'),
        ('households', '0013_phase_change_reopened_index'),
        ('referrals', '0003_version_for_optimistic_locking'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='followup',
            name='bridge',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='households.bridge'),
        ),
        migrations.AddField(
            model_name='followup',
            name='closure',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='households.closure'),
        ),
        migrations.AddField(
            model_name='followup',
            name='move',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='households.move'),
        ),
        migrations.AddField(
            model_name='followup',
            name='referral',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='referrals.referral'),
        ),
        migrations.RunPython(sources_to_keys, keys_to_sources),
    ]
