"""Settings come from the environment; a malformed value stops start-up naming the variable."""

import os
import runpy
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

SETTINGS_FILE = Path(__file__).resolve().parent.parent / "cms" / "settings.py"
# Every variable the settings read; cleared so that the machine's own values do not leak in.
VARIABLES = [
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "BASE_URL",
    "DATABASE_URL",
    "DATABASE_CONN_MAX_AGE",
    "REDIS_URL",
    "CACHE_KEY_PREFIX",
    "CELERY_BROKER_URL",
    "CELERY_RESULT_BACKEND",
    "ELASTICSEARCH_URL",
    "ELASTICSEARCH_INDEX_PREFIX",
    "ELASTICSEARCH_TIMEOUT",
    "MEDIA_ROOT",
    "AWS_STORAGE_BUCKET_NAME",
    "AWS_S3_ENDPOINT_URL",
    "AWS_S3_REGION_NAME",
    "AWS_S3_CUSTOM_DOMAIN",
    "AWS_QUERYSTRING_AUTH",
    "EMAIL_URL",
    "DEFAULT_FROM_EMAIL",
    "LOG_LEVEL",
    "SITE_NAME",
]


@pytest.fixture
def load(monkeypatch, tmp_path):
    """Evaluate cms/settings.py afresh with only the given variables set."""

    def load(**environment):
        for name in VARIABLES:
            monkeypatch.delenv(name, raising=False)
        environment.setdefault("DATABASE_URL", f"sqlite:///{tmp_path / 'db.sqlite3'}")
        for name, value in environment.items():
            monkeypatch.setenv(name, value)
        return runpy.run_path(str(SETTINGS_FILE))

    return load


def test_embedded_defaults(load, tmp_path):
    for name in VARIABLES:
        os.environ.pop(name, None)
    settings = runpy.run_path(str(SETTINGS_FILE))
    assert settings["DEBUG"] is True
    assert settings["DATABASES"]["default"]["ENGINE"] == "django.db.backends.sqlite3"
    assert str(settings["DATABASES"]["default"]["NAME"]).endswith("var/db.sqlite3")
    assert settings["CACHES"]["default"]["BACKEND"].endswith("LocMemCache")
    assert settings["CELERY_TASK_ALWAYS_EAGER"] is True
    assert settings["WAGTAILSEARCH_BACKENDS"]["default"]["BACKEND"] == "wagtail.search.backends.database"
    assert settings["STORAGES"]["default"]["BACKEND"].endswith("FileSystemStorage")
    assert settings["EMAIL_BACKEND"].endswith("console.EmailBackend")


def test_full_stack_values(load):
    settings = load(
        DEBUG="false",
        SECRET_KEY="s" * 50,
        ALLOWED_HOSTS="learn.example.org, www.example.org",
        DATABASE_URL="postgres://lectern:secret@db:5432/lectern",
        REDIS_URL="redis://cache:6379/1",
        CELERY_BROKER_URL="redis://cache:6379/2",
        ELASTICSEARCH_URL="http://search:9200",
        AWS_STORAGE_BUCKET_NAME="media",
        AWS_S3_ENDPOINT_URL="http://127.0.0.1:9000",
        EMAIL_URL="smtp://mailer:p%40ss@smtp.example.org:2525",
    )
    assert settings["DEBUG"] is False
    assert settings["ALLOWED_HOSTS"] == ["learn.example.org", "www.example.org"]
    database = settings["DATABASES"]["default"]
    assert (database["ENGINE"], database["HOST"], database["NAME"]) == (
        "django.db.backends.postgresql",
        "db",
        "lectern",
    )
    assert settings["CACHES"]["default"]["LOCATION"] == "redis://cache:6379/1"
    assert settings["CELERY_TASK_ALWAYS_EAGER"] is False
    assert settings["CELERY_RESULT_BACKEND"] == "redis://cache:6379/2"
    assert settings["WAGTAILSEARCH_BACKENDS"]["default"]["BACKEND"] == "wagtail.search.backends.elasticsearch8"
    assert settings["WAGTAILSEARCH_BACKENDS"]["default"]["URLS"] == ["http://search:9200"]
    assert settings["WAGTAILSEARCH_BACKENDS"]["database"]["BACKEND"] == "wagtail.search.backends.database"
    assert settings["STORAGES"]["default"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert settings["AWS_S3_ENDPOINT_URL"] == "http://127.0.0.1:9000"
    assert (settings["EMAIL_HOST"], settings["EMAIL_PORT"]) == ("smtp.example.org", 2525)
    assert (settings["EMAIL_HOST_USER"], settings["EMAIL_HOST_PASSWORD"]) == ("mailer", "p@ss")
    assert settings["EMAIL_USE_TLS"] is True


@pytest.mark.parametrize(
    "environment, named",
    [
        ({"DEBUG": "maybe"}, "DEBUG"),
        ({"DEBUG": "false"}, "SECRET_KEY"),
        ({"ALLOWED_HOSTS": "https://example.org"}, "ALLOWED_HOSTS"),
        ({"ALLOWED_HOSTS": "a.example.org,,b.example.org"}, "ALLOWED_HOSTS"),
        ({"CSRF_TRUSTED_ORIGINS": "example.org"}, "CSRF_TRUSTED_ORIGINS"),
        ({"BASE_URL": "learn.example.org"}, "BASE_URL"),
        ({"DATABASE_URL": "nonsense"}, "DATABASE_URL"),
        ({"DATABASE_URL": "postgres://user@host:port/db"}, "DATABASE_URL"),
        ({"DATABASE_URL": "postgres://postgres@127.0.0.1:5432"}, "DATABASE_URL"),
        ({"DATABASE_CONN_MAX_AGE": "forever"}, "DATABASE_CONN_MAX_AGE"),
        ({"REDIS_URL": "localhost:6379"}, "REDIS_URL"),
        ({"CELERY_BROKER_URL": "http://127.0.0.1:6379"}, "CELERY_BROKER_URL"),
        ({"CELERY_RESULT_BACKEND": "cache+memcached://x"}, "CELERY_RESULT_BACKEND"),
        ({"ELASTICSEARCH_URL": "localhost:9200"}, "ELASTICSEARCH_URL"),
        ({"ELASTICSEARCH_URL": "http://search:92OO"}, "ELASTICSEARCH_URL"),
        ({"ELASTICSEARCH_URL": "http://search:9200", "ELASTICSEARCH_TIMEOUT": "0"}, "ELASTICSEARCH_TIMEOUT"),
        ({"AWS_STORAGE_BUCKET_NAME": "media", "AWS_S3_ENDPOINT_URL": "minio:9000"}, "AWS_S3_ENDPOINT_URL"),
        ({"AWS_STORAGE_BUCKET_NAME": "media", "AWS_QUERYSTRING_AUTH": "sometimes"}, "AWS_QUERYSTRING_AUTH"),
        ({"EMAIL_URL": "mail.example.org"}, "EMAIL_URL"),
        ({"LOG_LEVEL": "LOUD"}, "LOG_LEVEL"),
    ],
)
def test_malformed_values_name_the_variable(load, environment, named):
    with pytest.raises(ImproperlyConfigured, match=rf"Environment variable {named}\b"):
        load(**environment)


def test_start_up_stops_with_the_variable_named():
    """`manage.py check` with a malformed DATABASE_URL fails before touching anything."""
    environment = {**os.environ, "DATABASE_URL": "postgres://user@host:port/db"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=SETTINGS_FILE.parent.parent,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "Environment variable DATABASE_URL is not a valid database URL" in result.stderr
