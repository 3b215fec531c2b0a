"""scripts/dependency-audit: a found vulnerability fails, an unreachable database is said."""

import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location(
    "dependency_audit", ROOT / "scripts" / "dependency_audit.py"
)
audit = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(audit)


def pip_report(*dependencies):
    return json.dumps({"dependencies": list(dependencies), "fixes": []})


def test_a_known_python_vulnerability_fails_the_audit():
    verdict, lines = audit.judge_pip_audit(
        pip_report(
            {
                "name": "django",
                "version": "5.2.0",
                "vulns": [{"id": "PYSEC-2025-1", "fix_versions": ["5.2.1"], "aliases": []}],
            },
            {"name": "celery", "version": "5.7.0", "vulns": []},
        )
    )
    assert verdict == audit.VULNERABLE
    assert lines == ["django 5.2.0: PYSEC-2025-1 (fixed in 5.2.1)"]


def test_a_database_that_answered_for_no_package_is_reported_as_skipped_not_clean():
    not_found = "Dependency not found on PyPI and could not be audited: django (5.2.0)"
    verdict, lines = audit.judge_pip_audit(pip_report({"name": "django", "skip_reason": not_found}))
    assert verdict == audit.SKIPPED
    assert "did not answer" in lines[0]


def test_pip_audit_without_a_report_is_skipped_with_its_last_error_line():
    verdict, lines = audit.judge_pip_audit("", "Traceback ...\nConnectionError: refused\n")
    assert verdict == audit.SKIPPED
    assert lines == ["pip-audit gave no report: ConnectionError: refused"]


def test_clean_python_dependencies_pass():
    verdict, _ = audit.judge_pip_audit(
        pip_report({"name": "celery", "version": "5.7.0", "vulns": []})
    )
    assert verdict == audit.CLEAN


def test_a_known_npm_vulnerability_fails_the_audit():
    report = {
        "auditReportVersion": 2,
        "vulnerabilities": {"bootstrap": {"severity": "moderate", "range": "<5.3.9"}},
        "metadata": {"vulnerabilities": {"moderate": 1, "total": 1}},
    }
    verdict, lines = audit.judge_npm_audit(json.dumps(report))
    assert verdict == audit.VULNERABLE
    assert lines == ["bootstrap: moderate (<5.3.9)"]


def test_an_unreachable_npm_advisory_database_is_reported_as_skipped():
    report = {
        "message": "405 Method Not Allowed - POST https://registry/-/npm/v1/security",
        "statusCode": 405,
        "error": {"summary": "", "detail": ""},
    }
    verdict, lines = audit.judge_npm_audit(json.dumps(report))
    assert verdict == audit.SKIPPED
    assert "405 Method Not Allowed" in lines[0]
