from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("followups", "0005_followup_sources_as_foreign_keys"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='followup',
            name='followup_one_open_per_rule_and_source',
        ),
        migrations.RemoveField(
            model_name='followup',
            name='source',
        ),
        migrations.AlterField(
            model_name='followup',
            name='kind',
            field=models.CharField(choices=[('first_contact', 'First contact after accepted referral'), ('post_move_visit', 'Visit within 14 days of the move'), ('move_task', 'Move checklist'), ('bridge_unanswered', 'Bridge not answered'), ('bridge_holds', 'Does the bridge hold?'), ('custom', 'Own follow-up'), ('next_contact', 'Next contact')], default='custom', max_length=20, verbose_name='kind'),
        ),
        migrations.AlterField(
            model_name='followup',
            name='rule',
            field=models.CharField(blank=True, choices=[('referral_accepted', 'First contact with the household'), ('move_registered', 'Call and offer a visit 14 days after the move'), ('move_checklist:address', 'Change of address registered'), ('move_checklist:housing_benefit', 'Housing benefit applied for'), ('move_checklist:daycare', 'Daycare re-registration'), ('move_checklist:school', 'School enrolment'), ('move_checklist:support', 'Municipal support continues'), ('case_closed', 'Does the bridge hold? Is the local contact still there?'), ('bridge_requested', 'Request not answered by the actor'), ('next_contact', 'Next contact with the household')], max_length=50, verbose_name='created by rule'),
        ),
        migrations.AddConstraint(
            model_name='followup',
            constraint=models.UniqueConstraint(condition=models.Q(('referral__isnull', False), ('status', 'open')), fields=('rule', 'referral'), name='followup_one_open_per_rule_and_referral'),
        ),
        migrations.AddConstraint(
            model_name='followup',
            constraint=models.UniqueConstraint(condition=models.Q(('move__isnull', False), ('status', 'open')), fields=('rule', 'move'), name='followup_one_open_per_rule_and_move'),
        ),
        migrations.AddConstraint(
            model_name='followup',
            constraint=models.UniqueConstraint(condition=models.Q(('closure__isnull', False), ('status', 'open')), fields=('rule', 'closure'), name='followup_one_open_per_rule_and_closure'),
        ),
        migrations.AddConstraint(
            model_name='followup',
            constraint=models.UniqueConstraint(condition=models.Q(('bridge__isnull', False), ('status', 'open')), fields=('rule', 'bridge'), name='followup_one_open_per_rule_and_bridge'),
        ),
        migrations.AddConstraint(
            model_name='followup',
            constraint=models.UniqueConstraint(condition=models.Q(('rule', 'next_contact'), ('status', 'open')), fields=('household',), name='followup_one_open_next_contact'),
        ),
    ]
