import django.db.models.functions.text
from django.db import migrations, models
from django.db.models import Count
from django.db.models.functions import Lower

import brobygning.core.models


def refuse_usernames_differing_only_in_case(apps, schema_editor):
    """Login and lockout now compare usernames without regard to case: two accounts whose
    names differ only in case must be told apart by an administrator first."""
    User = apps.get_model("brobygning", "User")
    clashes = sorted(
        User.objects.annotate(name=Lower("username"))
        .values("name")
        .annotate(accounts=Count("id"))
        .filter(accounts__gt=1)
        .values_list("name", flat=True)
    )
    if clashes:
        raise RuntimeError(
            "These usernames belong to more than one account when upper and lower case are "
            f"not told apart: {', '.join(clashes)}. Rename all but one of each (in the admin "
            "or with `manage.py shell`), then migrate again."
        )


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("brobygning", "0008_access_log_request_id"),
    ]

    operations = [
        migrations.AlterModelManagers(
            name="user",
            managers=[
                ("objects", brobygning.core.models.UserManager()),
            ],
        ),
        migrations.RunPython(refuse_usernames_differing_only_in_case, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="user",
            constraint=models.UniqueConstraint(
                django.db.models.functions.text.Lower("username"),
                name="user_username_unique_any_case",
                violation_error_message=(
                    "A user with that username already exists (in upper or lower case)."
                ),
            ),
        ),
    ]
