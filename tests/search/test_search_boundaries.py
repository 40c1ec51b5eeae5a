"""What keeps search generic and its tests honest: no import of a domain app, ordinary tests on the
database whatever the environment says, and one Elasticsearch client that matches the server."""

import ast
import os
import re
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
DOMAIN_APPS = {"blog", "glossary", "learning"}


def imported_modules(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module


@pytest.mark.parametrize("package", ["search", "home", "cms"])
def test_generic_packages_import_no_domain_app(package):
    offenders = [
        f"{path.relative_to(ROOT)}: {module}"
        for path in sorted((ROOT / package).rglob("*.py"))
        for module in imported_modules(path)
        if module.split(".")[0] in DOMAIN_APPS
    ]
    assert offenders == []


def test_the_import_check_sees_imports_inside_functions(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from learning.models import CoursePage\n    import blog.models\n")
    assert list(imported_modules(sample)) == ["learning.models", "blog.models"]


def test_ordinary_tests_search_the_database():
    # The probe below runs this with ELASTICSEARCH_URL set, as the GitHub workflow does.
    assert settings.ELASTICSEARCH_URL is None
    assert list(settings.WAGTAILSEARCH_BACKENDS) == ["default"]
    assert settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] == "search.backends.database"


def test_even_with_elasticsearch_in_the_environment():
    environment = {**os.environ, "ELASTICSEARCH_URL": "http://127.0.0.1:1", "DATABASE_URL": "sqlite:///:memory:"}
    environment.pop("REDIS_URL", None)
    environment.pop("CELERY_BROKER_URL", None)
    probe = f"{Path(__file__).relative_to(ROOT)}::test_ordinary_tests_search_the_database"
    result = subprocess.run(
        [sys.executable, "-m", "pytest", probe, "-q", "-p", "no:cacheprovider"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout[-2000:]


def test_one_elasticsearch_client_that_matches_the_server():
    requirements = (ROOT / "requirements.txt").read_text()
    assert "elasticsearch-dsl" not in requirements  # a shim over elasticsearch.dsl since 8.18
    client = ".".join(version("elasticsearch").split(".")[:2])
    for path in [ROOT / "docker-compose.yml", ROOT / ".github" / "workflows" / "ci.yml"]:
        images = re.findall(r"elasticsearch/elasticsearch:(\d+\.\d+)\.\d+", path.read_text())
        assert images == [client], f"{path.name} runs Elasticsearch {images}, the client is {client}"
