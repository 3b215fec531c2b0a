"""docker-compose.yml, the Dockerfile and the production smoke run share one set of command
lines (deploy/), so what CI proves is what a deployment runs."""

import os
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def compose_commands():
    text = (ROOT / "docker-compose.yml").read_text()
    services = re.split(r"^  (\w+):\n", text.split("\nservices:\n", 1)[1], flags=re.M)[1:]
    return {
        name: re.search(r"^    command: (.+)$", body, flags=re.M)[1]
        for name, body in zip(services[::2], services[1::2], strict=True)
        if "command:" in body
    }


def test_every_application_service_runs_its_deploy_script():
    commands = compose_commands()
    for service in ("migrate", "web", "worker", "beat"):
        assert commands[service] == f'["deploy/{service}"]'
        script = ROOT / "deploy" / service
        assert script.is_file() and os.access(script, os.X_OK)


def test_the_image_builds_static_files_and_serves_with_the_same_scripts():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "RUN deploy/build-static" in dockerfile
    assert 'CMD ["deploy/web"]' in dockerfile


def test_the_smoke_run_starts_the_same_scripts():
    smoke = (ROOT / "scripts" / "production-smoke").read_text()
    for script in ("build-static", "migrate", "web", "worker", "beat"):
        assert f"deploy/{script}" in smoke
