"""docker-compose.yml is a valid Compose file (validated by the docker client where it is installed)."""

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def compose_command():
    if shutil.which("docker"):
        plugin = subprocess.run(["docker", "compose", "version"], capture_output=True, text=True)
        if plugin.returncode == 0:
            return ["docker", "compose"]
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    return None


def test_compose_file_is_valid(tmp_path):
    command = compose_command()
    if command is None:
        pytest.skip("neither 'docker compose' nor 'docker-compose' is installed to validate the compose file")
    # The example environment stands in for the real, never-committed .env.
    (tmp_path / ".env").write_text((ROOT / ".env.example").read_text())
    result = subprocess.run(
        [*command, "--file", str(ROOT / "docker-compose.yml"), "--project-directory", str(tmp_path), "config"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    for service in ["web", "worker", "beat", "postgres", "redis", "elasticsearch"]:
        assert f"\n  {service}:" in result.stdout
    assert "celery --app cms worker" in result.stdout and "celery --app cms beat" in result.stdout
