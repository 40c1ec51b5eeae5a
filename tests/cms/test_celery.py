"""The Celery wiring: eager in the embedded default, a real broker and worker when configured."""

import shlex

import pytest
from django.conf import settings
from wagtail.models import Page

from cms.celery import app
from home.tasks import count_live_pages


def test_tasks_are_autodiscovered():
    assert "home.tasks.count_live_pages" in app.tasks


@pytest.mark.django_db
def test_task_runs_in_process_when_eager(home_page):
    result = count_live_pages.delay()
    assert result.get(timeout=5) == 1


# The worker thread needs committed data.
@pytest.mark.django_db(transaction=True)
def test_round_trip_through_broker_and_worker(real_broker, home_page):
    from celery.contrib.testing.worker import start_worker

    home_page.add_child(instance=Page(title="Courses", slug="courses"))
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        result = count_live_pages.delay()
        # The worker ran the task against the same database and sent the answer back.
        assert result.get(timeout=20) == 2
    assert result.successful()


def documented_worker_commands():
    """The worker commands a deployment runs: the README's and docker-compose's."""
    readme = (settings.BASE_DIR / "README.md").read_text()
    compose = (settings.BASE_DIR / "docker-compose.yml").read_text()
    commands = [
        line.split("#")[0] for line in readme.splitlines() if line.startswith(".venv/bin/celery --app cms worker")
    ]
    commands += [
        line.split("command:", 1)[1] for line in compose.splitlines() if "command: celery --app cms worker" in line
    ]
    return commands


def consumed_queues(command):
    """The queues a worker started with `command` consumes, read with Celery's own option parser."""
    from celery.bin.base import CLIContext
    from celery.bin.worker import worker

    arguments = shlex.split(command)
    arguments = arguments[arguments.index("worker") + 1 :]
    context = CLIContext(app=app, no_color=True, workdir=None, quiet=True)
    params = worker.make_context("worker", arguments, obj=context).params
    queues = set(params["queues"] or app.amqp.queues)  # without --queues: every declared queue
    return queues - set(params["exclude_queues"] or ())


def test_the_documented_workers_consume_every_routed_queue():
    routed = {route["queue"] for route in settings.CELERY_TASK_ROUTES.values()} | {settings.CELERY_TASK_DEFAULT_QUEUE}
    commands = documented_worker_commands()
    assert len(commands) == 2, commands  # one in the README, one in docker-compose
    for command in commands:
        assert consumed_queues(command) >= routed, command


def test_a_worker_limited_to_one_queue_is_caught():
    # The check itself: the first version's README command consumed only the default queue.
    assert consumed_queues("celery --app cms worker -Q default -l INFO") == {"default"}
    assert "email" not in consumed_queues("celery --app cms worker -X email")


def test_email_and_indexing_have_their_own_queues():
    def queue(name):
        return app.amqp.router.route({}, name)["queue"].name

    assert queue("home.tasks.send_enquiry_email") == "email" == queue("home.tasks.send_email")
    assert queue("learning.tasks.notify_moderators") == "email" == queue("learning.tasks.notify_author")
    assert queue("search.tasks.sync_course") == "search"
    assert queue("lectern.run_django_task") == "search"
    assert queue("home.tasks.count_live_pages") == "default"


@pytest.mark.django_db
def test_wagtail_background_tasks_run_through_celery(settings, home_page, django_capture_on_commit_callbacks):
    from django_tasks import task_backends
    from wagtail.models import ReferenceIndex

    from home.models import StandardPage

    settings.TASKS = {"default": {"BACKEND": "cms.tasks_backend.CeleryBackend"}}
    assert type(task_backends["default"]).__name__ == "CeleryBackend"
    page = StandardPage(title="Offers", slug="offers")
    page.body = [("call_to_action", {"heading": "Go", "text": "", "link": {"label": "Home", "page": home_page}})]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        home_page.add_child(instance=page)
        page.save_revision().publish()
    assert callbacks  # the work was queued after commit, then run by Celery (eagerly here)
    assert ReferenceIndex.get_references_to(home_page).filter(object_id=str(page.pk)).exists()


def test_a_web_process_knows_every_task_the_outbox_may_publish(tmp_path):
    """The outbox publishes by name; a process that never imported a tasks module would log NotRegistered
    and leave the email to the relay ten minutes later. Checked in a fresh process, as gunicorn starts one."""
    import subprocess
    import sys

    from learning import services

    names = [services.NOTIFY_MODERATORS, services.NOTIFY_AUTHOR, "search.tasks.sync_course", "home.tasks.send_email"]
    probe = "from celery import current_app as app; import sys; sys.exit(any(n not in app.tasks for n in sys.argv[1:]))"
    environment = {"PATH": "/usr/bin:/bin", "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {probe}", *names],
        env={**environment, "DJANGO_SETTINGS_MODULE": "cms.settings"},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr[-2000:]
