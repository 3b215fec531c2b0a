"""Configuration from the environment, checked in fresh processes as a deployment would be."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from brobygning.env import EnvReader

ROOT = Path(__file__).resolve().parents[2]
GOOD_PRODUCTION_ENV = {
    "DJANGO_ENV": "production",
    "DJANGO_SECRET_KEY": "k" * 20 + "-production-secret-key-for-tests-only-0123456789",
    "DJANGO_ALLOWED_HOSTS": "brobygning.example.dk",
    "DATABASE_URL": "postgres://brobygning@127.0.0.1:5432/brobygning",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "EMAIL_URL": "smtp+tls://brobygning:secret@smtp.example.dk:587",
    "BROBYGNING_SITE_URL": "https://brobygning.example.dk",
}


def run_manage(*args, env):
    return run_python("manage.py", *args, env=env)


def run_python(*args, env):
    """A fresh interpreter in the project root with `env` and none of this process's Django
    or database settings."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def without(name):
    return {k: v for k, v in GOOD_PRODUCTION_ENV.items() if k != name}


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS"])
def test_production_refuses_to_start_without_required_variable(missing):
    result = run_manage("check", env=without(missing))
    assert result.returncode != 0
    assert missing in result.stderr


def test_production_refuses_sqlite():
    result = run_manage("check", env={**GOOD_PRODUCTION_ENV, "DATABASE_URL": "sqlite:///x.db"})
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr
    assert "PostgreSQL" in result.stderr


def test_production_passes_the_deployment_checklist_without_warnings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=GOOD_PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_demo_mode_needs_no_configuration():
    result = run_manage("check", env={})
    assert result.returncode == 0, result.stderr


def test_seed_demo_refuses_to_run_in_production():
    result = run_manage("seed_demo", env=GOOD_PRODUCTION_ENV)
    assert result.returncode != 0
    assert "production" in result.stderr


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DATABASE_URL", "not a url"),
        ("DATABASE_URL", "mysql://db/x"),
        ("REDIS_URL", "localhost:6379"),
        ("DJANGO_ENV", "staging"),
        ("DJANGO_DEBUG", "maybe"),
        ("EMAIL_URL", "smtp//broken"),
    ],
)
def test_malformed_variable_stops_with_a_message_naming_it(name, value):
    result = run_manage("check", env={name: value})
    assert result.returncode != 0
    assert f"Environment variable {name}" in result.stderr


def test_env_reader_parses_lists_and_booleans():
    env = EnvReader({"HOSTS": "a.dk, b.dk,", "FLAG": "yes"})
    assert env.list("HOSTS") == ["a.dk", "b.dk"]
    assert env.bool("FLAG", default=False) is True
    assert env.bool("MISSING", default=False) is False


def test_production_names_every_bad_variable_on_a_line_of_its_own_without_a_traceback():
    result = run_manage(
        "check",
        env={
            **without("DJANGO_ALLOWED_HOSTS"),
            "DJANGO_SECRET_KEY": "too-short",
            "BROBYGNING_ACCESS_LOG_RETENTION_DAYS": "1",
        },
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    for name in (
        "DJANGO_SECRET_KEY",
        "DJANGO_ALLOWED_HOSTS",
        "BROBYGNING_ACCESS_LOG_RETENTION_DAYS",
    ):
        assert sum(line.startswith(f"Environment variable {name}:") for line in lines) == 1


@pytest.mark.parametrize(
    ("name", "value", "problem"),
    [
        ("BROBYGNING_ACCESS_LOG_RETENTION_DAYS", "1", "must be at least 183, not 1"),
        ("BROBYGNING_ACCESS_LOG_RETENTION_DAYS", "182", "must be at least 183, not 182"),
        ("BROBYGNING_SESSION_IDLE_MINUTES", "0", "must be at least 1, not 0"),
        ("BROBYGNING_SESSION_IDLE_MINUTES", "721", "must be at most 720, not 721"),
        ("BROBYGNING_ANSWER_LINK_DAYS", "-3", "must be at least 1, not -3"),
    ],
)
def test_a_number_outside_its_stated_bound_stops_the_start_naming_the_variable(
    name, value, problem
):
    result = run_manage("check", env={**GOOD_PRODUCTION_ENV, name: value})
    assert result.returncode != 0
    assert f"Environment variable {name}: {problem}" in result.stderr.splitlines()


def test_access_log_retention_of_exactly_half_a_year_is_accepted():
    result = run_manage(
        "check", env={**GOOD_PRODUCTION_ENV, "BROBYGNING_ACCESS_LOG_RETENTION_DAYS": "183"}
    )
    assert result.returncode == 0, result.stderr


def test_env_reader_bounds_whole_numbers_and_keeps_the_default_meanwhile():
    env = EnvReader({"LOW": "2", "HIGH": "101", "OK": "50"})
    assert env.int("LOW", default=7, minimum=3) == 7
    assert env.int("HIGH", default=7, maximum=100) == 7
    assert env.int("OK", default=7, minimum=3, maximum=100) == 50
    with pytest.raises(ImproperlyConfigured) as raised:
        env.finish()
    assert str(raised.value).splitlines() == [
        "Environment variable LOW: must be at least 3, not 2",
        "Environment variable HIGH: must be at most 100, not 101",
    ]


@pytest.mark.parametrize(
    ("name", "value", "named"),
    [
        ("EMAIL_URL", "consolemail://", "EMAIL_URL"),
        ("BROBYGNING_SITE_URL", "http://brobygning.example.dk", "BROBYGNING_SITE_URL"),
        ("REDIS_URL", "", "REDIS_URL"),
    ],
)
def test_deployment_checklist_fails_on_what_production_cannot_run_with(name, value, named):
    result = run_manage("check", "--deploy", env={**GOOD_PRODUCTION_ENV, name: value})
    assert result.returncode != 0
    assert f"{named}:" in result.stderr


def test_production_check_fails_when_redis_does_not_answer():
    result = run_manage(
        "check_production", env={**GOOD_PRODUCTION_ENV, "REDIS_URL": "redis://127.0.0.1:1/0"}
    )
    assert result.returncode != 0
    assert "REDIS_URL: Redis does not answer" in result.stderr


def test_production_check_is_refused_outside_production():
    result = run_manage("check_production", env={})
    assert result.returncode != 0
    assert "DJANGO_ENV" in result.stderr


def test_a_rotated_secret_key_keeps_the_former_one_as_a_fallback():
    former = "f" * 60
    result = run_manage(
        "shell",
        "-v",
        "0",
        "-c",
        "from django.conf import settings; print(settings.SECRET_KEY_FALLBACKS)",
        env={**GOOD_PRODUCTION_ENV, "DJANGO_SECRET_KEY_FALLBACKS": former},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == repr([former])


def test_a_web_worker_freezes_what_it_loaded_before_serving():
    """Loaded once and kept for the worker's life, it is left out of the collector's full
    passes (brobygning/wsgi.py)."""
    result = run_python(
        "-c", "import gc, brobygning.wsgi; print(gc.get_freeze_count())", env={"DJANGO_ENV": "demo"}
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.split()[-1]) > 10_000
