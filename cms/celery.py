"""The Celery app, configured from Django settings (the CELERY_ namespace)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")

app = Celery("lectern")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="lectern.run_django_task", autoretry_for=(Exception,), retry_backoff=10, max_retries=5)
def run_django_task(module_path, args, kwargs):
    """Run a django-tasks task (Wagtail's search and reference indexing) on a Celery worker."""
    from django.utils.module_loading import import_string

    return import_string(module_path).call(*args, **kwargs)
