"""The layering holds (.importlinter), a database made before the kernel moved into
brobygning/core/ keeps its rows, and ARCHITECTURE.md names functions that exist."""

import importlib
import json
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.core.test_settings import run_manage

ROOT = Path(__file__).resolve().parent.parent.parent
# A SQLite database migrated and filled by the code as it was before brobygning/core/ existed
# (commit b9dff20): a team, a user in the bridge-builder group, an access-log row, a
# notification, a worker heartbeat and a one-time form submission.
BEFORE_CORE = Path(__file__).parent / "data" / "database_before_core_app.sql"


def test_lint_imports_keeps_every_layer_and_independence_contract():
    result = subprocess.run(
        [Path(sys.executable).parent / "lint-imports", "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


def test_the_kernel_app_keeps_the_label_its_tables_and_migrations_were_made_under():
    from django.apps import apps
    from django.conf import settings

    from brobygning.core.models import AccessLog, User

    kernel = apps.get_app_config("brobygning")
    assert kernel.name == "brobygning.core"
    assert settings.AUTH_USER_MODEL == "brobygning.User"
    assert (User._meta.db_table, AccessLog._meta.db_table) == (
        "brobygning_user",
        "brobygning_accesslog",
    )
    assert "brobygning" not in settings.INSTALLED_APPS  # the project package is no app


READ_MOVED_ROWS = """
import json
from django.contrib.contenttypes.models import ContentType
from brobygning.core.models import AccessLog, FormSubmission, Notification, Team, User
from brobygning.core.models import WorkerHeartbeat
from brobygning.core.roles import Role

user = User.objects.get(username="bente")
print(json.dumps({
    "team": user.team.name,
    "phone": user.phone,
    "roles": sorted(user.roles),
    "password_ok": user.check_password("x" * 20),
    "access": list(AccessLog.objects.values_list("user__username", "household_reference")),
    "notifications": list(Notification.objects.values_list("user__username", "text")),
    "heartbeats": WorkerHeartbeat.objects.count(),
    "submissions": FormSubmission.objects.filter(user=user).count(),
    "teams": Team.objects.count(),
    "user_type": ContentType.objects.get_for_model(User).pk,
}))
"""


def test_a_database_made_before_the_kernel_moved_to_core_keeps_every_row(tmp_path):
    database = tmp_path / "before.sqlite3"
    with sqlite3.connect(database) as connection:
        connection.executescript(BEFORE_CORE.read_text())
        (content_type,) = connection.execute(
            "SELECT id FROM django_content_type WHERE app_label = 'brobygning' AND model = 'user'"
        ).fetchone()
        recorded = {
            name
            for (name,) in connection.execute(
                "SELECT name FROM django_migrations WHERE app = 'brobygning'"
            )
        }
    env = {"DATABASE_URL": f"sqlite:///{database}"}

    plan = run_manage("migrate", "--plan", env=env)
    assert plan.returncode == 0, plan.stderr
    # The kernel's app keeps its label, so none of its migrations runs again or anew (only
    # the ones written since that database was made).
    planned = set(re.findall(r"^\s*brobygning\.(\w+)", plan.stdout, re.M))
    assert recorded and not planned & recorded, plan.stdout

    migrate = run_manage("migrate", "--no-input", env=env)
    assert migrate.returncode == 0, migrate.stderr
    read = run_manage("shell", "-c", READ_MOVED_ROWS, env=env)
    assert read.returncode == 0, read.stderr
    rows = json.loads(read.stdout.strip().splitlines()[-1])

    assert rows == {
        "team": "Team Nord",
        "phone": "12345678",
        "roles": ["bridge_builder"],
        "password_ok": True,
        "access": [["bente", "H-2026-0007"]],
        "notifications": [["bente", "Ny henvisning"]],
        "heartbeats": 1,
        "submissions": 1,
        "teams": 1,
        "user_type": content_type,
    }


# --- ARCHITECTURE.md -------------------------------------------------------------------

ARCHITECTURE = ROOT / "ARCHITECTURE.md"
# A dotted name in backticks that starts at one of our packages: `households.access.visible`.
DOTTED = re.compile(r"`((?:brobygning|actors|households|referrals|followups)(?:\.\w+)+)`")


def resolve(dotted):
    """The object a dotted name names: the longest importable module, then attributes."""
    parts = dotted.split(".")
    for split in range(len(parts), 0, -1):
        try:
            target = importlib.import_module(".".join(parts[:split]))
        except ModuleNotFoundError:
            continue
        for attribute in parts[split:]:
            target = getattr(target, attribute)
        return target
    raise ModuleNotFoundError(dotted)


def named_in_architecture():
    return sorted(set(DOTTED.findall(ARCHITECTURE.read_text())))


def test_architecture_names_the_function_of_each_main_rule():
    named = set(named_in_architecture())
    assert {
        "households.models.HouseholdQuerySet.visible_to",  # who may see a household
        "followups.reminders.scan",  # when a reminder fires
        "households.services.household_close",  # what closes a case
        "referrals.services.referral_accept",  # how a referral becomes a case
    } <= named
    assert len(named) >= 30


@pytest.mark.parametrize("dotted", named_in_architecture())
def test_every_name_in_architecture_exists(dotted):
    assert resolve(dotted) is not None


# --- Comments point somewhere ------------------------------------------------------------

# A checklist kept elsewhere or a design document outside the repository tells a reader
# nothing; a comment says its reason or links a document here (SECURITY.md, ARCHITECTURE.md).
NOWHERE = re.compile(r"checklist items? \d|DESIGN\.md|STYLE\.md|SECURITY-CHECKLIST", re.I)
SOURCES = ("brobygning", "actors", "households", "referrals", "followups", "templates", "tests")


def test_no_comment_cites_a_document_outside_the_repository():
    cited = [
        f"{path.relative_to(ROOT)}:{number}"
        for folder in SOURCES
        for path in (ROOT / folder).rglob("*")
        if path.suffix in {".py", ".html", ".js", ".css"} and path != Path(__file__)
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if NOWHERE.search(line)
    ]
    assert cited == []
