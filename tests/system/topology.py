"""The real topology on this machine: Redis, PostgreSQL, an SMTP catcher, gunicorn, a Celery worker and beat.

Every process runs in its own process group with its output in a log file, so that teardown can end
it with its children and a failing test can show what each one said.
"""

import contextlib
import email
import email.policy
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import psycopg2
import redis
import requests
from aiosmtpd.controller import Controller

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PG = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}
DEMO_PASSWORD = "system-demo-password"
SECOND_STUDENT = ("outage-student", "outage-student@example.com")  # username, email; password DEMO_PASSWORD
# Variables the settings read (README's table) or that steer Django and Celery: the processes get only ours.
SCRUBBED_PREFIXES = ("AWS_", "CELERY_", "DATABASE_", "ELASTICSEARCH_", "EMAIL_", "SECURE_", "DJANGO_", "OUTBOX_")
SCRUBBED = {
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "BASE_URL",
    "REDIS_URL",
    "CACHE_KEY_PREFIX",
    "MEDIA_ROOT",
    "DEFAULT_FROM_EMAIL",
    "LOG_LEVEL",
    "SITE_NAME",
    "DEMO_PASSWORD",
    "PAGE_CACHE_SECONDS",
    "USE_X_FORWARDED_HOST",
}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(what, check, timeout, interval=0.25):
    """Poll check() until it returns something truthy; AssertionError naming `what` after timeout seconds."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            result = check()
        except Exception:  # not up yet: connection refused, a 502, a half-written log
            result = None
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {timeout} s")
        time.sleep(interval)


def readme_command(prefix):
    """The README's line that starts with `prefix`, trailing comment stripped, .venv/bin/ → this interpreter's."""
    for line in (REPO / "README.md").read_text().splitlines():
        line = line.strip()
        if line.startswith(prefix):
            line = re.sub(r"\s+#.*$", "", line)
            return shlex.split(str(BIN) + "/" + line.removeprefix(".venv/bin/"))
    raise AssertionError(f"README.md has no line starting with {prefix!r}")


def postgres_available():
    try:
        psycopg2.connect(dbname="postgres", connect_timeout=3, **PG).close()
    except psycopg2.Error as error:
        return f"PostgreSQL is not reachable on {PG['host']}:{PG['port']} as {PG['user']}: {error}".strip()
    return None


class MailCatcher:
    """An SMTP server in this process that keeps every message it is given."""

    def __init__(self):
        self.port = free_port()
        self.messages = []
        self._lock = threading.Lock()
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.original_content or envelope.content, policy=email.policy.default)
        body = message.get_body(preferencelist=("plain",))
        with self._lock:
            self.messages.append(
                {
                    "subject": str(message["Subject"]),
                    "recipients": list(envelope.rcpt_tos),
                    "body": body.get_content() if body else "",
                    "at": time.monotonic(),
                }
            )
        return "250 OK"

    def start(self):
        self._controller.start()

    def stop(self):
        self._controller.stop()

    def matching(self, subject, recipient, marker=""):
        with self._lock:
            return [
                m
                for m in self.messages
                if m["subject"] == subject and recipient in m["recipients"] and marker in m["body"]
            ]


class Topology:
    def __init__(self, tmp):
        self.tmp = Path(tmp)
        self.logs = self.tmp / "logs"
        self.logs.mkdir(parents=True, exist_ok=True)
        self.processes = {}  # name → Popen
        self.timings = {}  # phase → seconds
        self.restarts = {}  # name → times supervise() started it again
        self.stopping = threading.Event()
        self.redis_port = free_port()
        self.web_port = free_port()
        self.base_url = f"http://127.0.0.1:{self.web_port}"
        self.database = f"lectern_sys_{os.getpid()}_{int(time.time())}"
        self.mail = MailCatcher()
        self.requests = []  # every request the tests make outside the outage (see client.Visitor)
        self.expected_emails = []  # (subject, recipient, marker in the body) each test expects once
        self.env = self._environment()

    def _environment(self):
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in SCRUBBED and not key.startswith(SCRUBBED_PREFIXES)
        }
        env.update(
            DJANGO_SETTINGS_MODULE="cms.settings",
            DEBUG="false",
            SECRET_KEY="system-test-secret-key-" + "x" * 40,
            ALLOWED_HOSTS="127.0.0.1,localhost",
            SECURE_SSL_REDIRECT="false",
            BASE_URL=self.base_url,
            DATABASE_URL=f"postgres://{PG['user']}@{PG['host']}:{PG['port']}/{self.database}",
            REDIS_URL=f"redis://127.0.0.1:{self.redis_port}/0",
            CELERY_BROKER_URL=f"redis://127.0.0.1:{self.redis_port}/1",
            EMAIL_URL=f"smtp+plain://127.0.0.1:{self.mail.port}",
            OUTBOX_RELAY_SECONDS="3",
            DEMO_PASSWORD=DEMO_PASSWORD,
            MEDIA_ROOT=str(self.tmp / "media"),
            PYTHONUNBUFFERED="1",
        )
        return env

    # Processes

    def spawn(self, name, args):
        log = open(self.logs / f"{name}.log", "ab")  # noqa: SIM115 - the child writes to it until teardown
        process = subprocess.Popen(
            args,
            cwd=REPO,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        log.close()
        self.processes[name] = process
        return process

    def supervise(self, name, args):
        """Start `name`, and again whenever it exits, as docker-compose's `restart: unless-stopped` does for
        the deployed services: a Redis outage can end a Celery worker (a connection-loss race in kombu's
        Redis transport, "Unrecoverable error"), and the deployment counts on the restart."""
        self.spawn(name, args)

        def watch():
            while not self.stopping.wait(0.5):
                process = self.processes.get(name)  # None once stop() took it: not to be restarted
                if process is not None and process.poll() is not None:
                    self.restarts[name] = self.restarts.get(name, 0) + 1
                    self.spawn(name, args)

        threading.Thread(target=watch, name=f"supervise-{name}", daemon=True).start()

    def run(self, name, args, timeout):
        started = time.monotonic()
        process = self.spawn(name, args)
        try:
            code = process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.stop(name)
            raise AssertionError(f"{name} did not finish within {timeout} s") from None
        assert code == 0, f"{name} exited with {code}:\n{self.tail(name)}"
        self.timings[name] = round(time.monotonic() - started, 1)

    def manage(self, *args):
        return [sys.executable, "manage.py", *args]

    def alive(self, name):
        process = self.processes.get(name)
        if process is None or process.poll() is not None:
            code = None if process is None else process.returncode
            raise AssertionError(f"{name} is not running (exit code {code}):\n{self.tail(name)}")

    def stop(self, name, sig=signal.SIGTERM, grace=10):
        process = self.processes.pop(name, None)
        if process is None or process.poll() is not None:
            return
        try:
            os.killpg(process.pid, sig)
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=grace)
        except ProcessLookupError:
            pass

    def log_text(self, name):
        path = self.logs / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def tail(self, name, lines=40):
        return "\n".join(self.log_text(name).splitlines()[-lines:])

    def tails(self, lines=40):
        return "\n\n".join(
            f"----- {path.stem} (last {lines} lines of {path}) -----\n{self.tail(path.stem, lines)}"
            for path in sorted(self.logs.glob("*.log"))
        )

    # Services

    def start_redis(self):
        data = self.tmp / "redis"
        data.mkdir(exist_ok=True)
        args = [shutil.which("redis-server"), "--port", str(self.redis_port), "--bind", "127.0.0.1"]
        self.spawn("redis", [*args, "--save", "", "--appendonly", "no", "--dir", str(data)])
        client = redis.Redis(port=self.redis_port, socket_timeout=1)
        wait_for("redis-server answering PING", client.ping, timeout=10)

    def kill_redis(self):
        process = self.processes["redis"]
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)

    def create_database(self):
        connection = psycopg2.connect(dbname="postgres", **PG)
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{self.database}"')
        connection.close()
        self.database_created = True

    def drop_database(self):
        if not getattr(self, "database_created", False):
            return
        connection = psycopg2.connect(dbname="postgres", **PG)
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
        connection.close()

    def query(self, sql, params=()):
        connection = psycopg2.connect(dbname=self.database, **PG)
        try:
            with connection, connection.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall()
        finally:
            connection.close()

    def start(self):
        started = time.monotonic()
        self.start_redis()
        self.create_database()
        self.mail.start()
        # collectstatic needs no database, so it runs while the migrations do.
        collectstatic = self.spawn("collectstatic", self.manage("collectstatic", "--noinput"))
        self.run("migrate", self.manage("migrate", "--noinput"), timeout=120)
        assert collectstatic.wait(timeout=60) == 0, f"collectstatic failed:\n{self.tail('collectstatic')}"
        self.run("load_demo_content", self.manage("load_demo_content"), timeout=90)
        # The demo's reviewers cannot log in: one more student, made while the processes boot.
        student = self.spawn("second_student", self.make_student_command(*SECOND_STUDENT))
        gunicorn = [str(BIN / "gunicorn"), "cms.wsgi", "--bind", f"127.0.0.1:{self.web_port}", "--workers", "2"]
        self.spawn("gunicorn", gunicorn)
        self.supervise("worker", readme_command(".venv/bin/celery --app cms worker"))
        beat = readme_command(".venv/bin/celery --app cms beat")
        assert "--schedule" in beat, f"the README's beat command names no --schedule file: {shlex.join(beat)}"
        beat[beat.index("--schedule") + 1] = str(self.tmp / "celerybeat-schedule")
        self.supervise("beat", beat)
        self.wait_ready()
        assert student.wait(timeout=60) == 0, f"making the second student failed:\n{self.tail('second_student')}"
        self.timings["topology ready"] = round(time.monotonic() - started, 1)

    def wait_ready(self):
        def healthy():
            for name in ("gunicorn", "worker", "beat"):
                self.alive(name)
            return requests.get(self.base_url + "/healthz", timeout=2).status_code == 200

        wait_for("gunicorn answering /healthz", healthy, timeout=60)
        wait_for("the Celery worker's 'ready' line", lambda: " ready." in self.log_text("worker"), timeout=60)
        wait_for("Celery beat starting", lambda: "beat: Starting" in self.log_text("beat"), timeout=30)

    def make_student_command(self, username, email_address):
        """A verified student account, made the way an operator would: manage.py shell."""
        code = (
            "from allauth.account.models import EmailAddress\n"
            "from django.contrib.auth.models import Group, User\n"
            f"user = User.objects.create_user({username!r}, {email_address!r}, {DEMO_PASSWORD!r})\n"
            "user.groups.add(Group.objects.get(name='Students'))\n"
            "EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)\n"
        )
        return self.manage("shell", "-c", code)

    def teardown(self):
        self.stopping.set()
        for name in reversed(list(self.processes)):  # Redis last: the others stop without reconnecting to it
            self.stop(name)
        with contextlib.suppress(Exception):  # never started: nothing to stop
            self.mail.stop()
        self.drop_database()
