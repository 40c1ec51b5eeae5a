"""Settings come from the environment; a malformed value stops start-up naming the variable."""

import os
import runpy
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import get_connection, send_mail

SETTINGS_FILE = Path(__file__).resolve().parents[2] / "cms" / "settings.py"
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


def test_embedded_defaults(load, tmp_path, monkeypatch):
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)  # restored afterwards: later tests read DATABASE_URL
    settings = runpy.run_path(str(SETTINGS_FILE))
    assert settings["DEBUG"] is True
    assert settings["DATABASES"]["default"]["ENGINE"] == "django.db.backends.sqlite3"
    assert str(settings["DATABASES"]["default"]["NAME"]).endswith("var/db.sqlite3")
    assert settings["CACHES"]["default"]["BACKEND"].endswith("LocMemCache")
    assert settings["CELERY_TASK_ALWAYS_EAGER"] is True
    assert settings["WAGTAILSEARCH_BACKENDS"]["default"]["BACKEND"] == "search.backends.database"
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
    # Redis down must not take the site down (tests/home/test_cache_outage.py kills one).
    assert settings["CACHES"]["default"]["BACKEND"] == "django_redis.cache.RedisCache"
    assert settings["CACHES"]["default"]["OPTIONS"]["IGNORE_EXCEPTIONS"] is True
    assert settings["CELERY_TASK_ALWAYS_EAGER"] is False
    assert settings["CELERY_RESULT_BACKEND"] == "redis://cache:6379/2"
    assert settings["WAGTAILSEARCH_BACKENDS"]["default"]["BACKEND"] == "search.backends.elasticsearch"
    assert settings["WAGTAILSEARCH_BACKENDS"]["default"]["URLS"] == ["http://search:9200"]
    assert settings["WAGTAILSEARCH_BACKENDS"]["database"]["BACKEND"] == "search.backends.database"
    assert settings["STORAGES"]["default"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert settings["AWS_S3_ENDPOINT_URL"] == "http://127.0.0.1:9000"
    assert (settings["EMAIL_HOST"], settings["EMAIL_PORT"]) == ("smtp.example.org", 2525)
    assert (settings["EMAIL_HOST_USER"], settings["EMAIL_HOST_PASSWORD"]) == ("mailer", "p@ss")
    assert settings["EMAIL_USE_TLS"] is True


@pytest.mark.parametrize(
    ("url", "port", "tls", "ssl"),
    [
        ("smtp://smtp.example.org", 587, True, False),
        ("smtps://smtp.example.org", 465, False, True),
        ("smtp+plain://mailpit", 25, False, False),
        ("smtp+plain://mailpit:1025", 1025, False, False),
    ],
)
def test_email_url_schemes(load, url, port, tls, ssl):
    settings = load(EMAIL_URL=url)
    assert settings["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (settings["EMAIL_PORT"], settings["EMAIL_USE_TLS"], settings["EMAIL_USE_SSL"]) == (port, tls, ssl)


@pytest.mark.parametrize(
    ("environment", "named"),
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
        # The site's own client needs the port (Wagtail's would guess 80): refused at start-up, not a 500 later.
        ({"ELASTICSEARCH_URL": "http://elasticsearch"}, "ELASTICSEARCH_URL"),
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


@pytest.fixture
def mail_catcher():
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Message

    class Inbox(Message):
        def __init__(self):
            super().__init__()
            self.messages = []

        def handle_message(self, message):
            self.messages.append(message)

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield port, inbox.messages
    controller.stop()


def test_plain_smtp_delivers_to_a_local_catcher(load, mail_catcher):
    port, received = mail_catcher
    configured = load(EMAIL_URL=f"smtp+plain://127.0.0.1:{port}")
    options = {name.removeprefix("EMAIL_").lower(): configured[name] for name in ("EMAIL_HOST", "EMAIL_PORT")}
    connection = get_connection(
        configured["EMAIL_BACKEND"],
        use_tls=configured["EMAIL_USE_TLS"],
        use_ssl=configured["EMAIL_USE_SSL"],
        timeout=configured["EMAIL_TIMEOUT"],
        **options,
    )
    send_mail("Enquiry", "Evening classes?", "site@example.org", ["staff@example.org"], connection=connection)
    assert [(message["Subject"], message["To"]) for message in received] == [("Enquiry", "staff@example.org")]
