#!/usr/bin/env python3
"""Known vulnerabilities in our dependencies: pip-audit over the virtualenv, npm audit over
package-lock.json.

Exit 1 when either finds a known vulnerability. Where a vulnerability database cannot be
reached (a network that only reaches the package registries' downloads), that audit is
reported as SKIPPED, loudly, and does not fail the run: no answer is not a clean answer, and
the output says which it was. Usage: scripts/dependency-audit [VENV] (default: .venv).
"""

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLEAN, VULNERABLE, SKIPPED = "clean", "VULNERABLE", "SKIPPED"
NOT_AUDITED = "could not be audited"


def judge_pip_audit(report_text, stderr=""):
    """(verdict, lines) from pip-audit's JSON report (empty when it wrote none)."""
    try:
        report = json.loads(report_text)
    except ValueError:
        problem = (stderr.strip().splitlines() or ["no report"])[-1]
        return SKIPPED, [f"pip-audit gave no report: {problem}"]
    dependencies = report.get("dependencies", [])
    audited = [d for d in dependencies if "skip_reason" not in d]
    unaudited = [d for d in dependencies if NOT_AUDITED in d.get("skip_reason", "")]
    found = [(d, v) for d in audited for v in d.get("vulns", [])]
    if found:
        return VULNERABLE, [
            f"{d['name']} {d['version']}: {v['id']} "
            f"(fixed in {', '.join(v.get('fix_versions') or ['-'])})"
            for d, v in found
        ]
    if not audited:
        return SKIPPED, [
            f"the vulnerability database did not answer for any of {len(dependencies)} packages"
        ]
    lines = [f"{len(audited)} packages audited, no known vulnerability"]
    if unaudited:
        names = ", ".join(d["name"] for d in unaudited)
        lines.append(f"not audited (unknown to the database): {names}")
    return CLEAN, lines


def judge_npm_audit(report_text):
    """(verdict, lines) from `npm audit --json`."""
    try:
        report = json.loads(report_text)
    except ValueError:
        return SKIPPED, ["npm audit gave no report"]
    if "error" in report or "statusCode" in report or "metadata" not in report:
        message = report.get("message") or report.get("error", {}).get("summary") or "no answer"
        return SKIPPED, [f"the npm advisory database did not answer: {message}"]
    counts = report["metadata"].get("vulnerabilities", {})
    if counts.get("total", 0):
        return VULNERABLE, [
            f"{name}: {item.get('severity')} ({item.get('range', '')})"
            for name, item in report.get("vulnerabilities", {}).items()
        ]
    return CLEAN, [
        f"{report['metadata'].get('dependencies', {}).get('total', '?')} packages audited, "
        "no known vulnerability"
    ]


def run_pip_audit(venv):
    pip_audit = venv / "bin" / "pip-audit"
    if not pip_audit.exists():
        return SKIPPED, [f"{pip_audit} is not installed (pip install -e '.[dev]')"]
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "pip-audit.json"
        result = subprocess.run(  # noqa: S603 -- our own venv's pip-audit, fixed arguments
            [
                str(pip_audit),
                "--skip-editable",
                "--progress-spinner",
                "off",
                "--format",
                "json",
                "--output",
                str(output),
            ],
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        text = output.read_text() if output.exists() else ""
    return judge_pip_audit(text, result.stderr)


def run_npm_audit():
    try:
        result = subprocess.run(  # noqa: S603
            ["npm", "audit", "--json", "--package-lock-only"],  # noqa: S607 -- npm from PATH
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    except FileNotFoundError:
        return SKIPPED, ["npm is not installed"]
    return judge_npm_audit(result.stdout)


def main(argv):
    venv = Path(argv[1]) if len(argv) > 1 else ROOT / ".venv"
    verdicts = []
    for name, run in (("pip-audit", lambda: run_pip_audit(venv)), ("npm audit", run_npm_audit)):
        verdict, lines = run()
        verdicts.append(verdict)
        print(f"{name}: {verdict}")
        for line in lines:
            print(f"  {line}")
    if SKIPPED in verdicts:
        print(
            "Dependency audit INCOMPLETE: a vulnerability database was not reachable (see above)."
        )
    return 1 if VULNERABLE in verdicts else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
