"""The Celery app, configured from Django settings (the CELERY_ namespace)."""

import os

from celery import Celery, Task

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")


class OutboxAwareTask(Task):
    """A task published from the outbox (home.outbox) runs at most once per outbox row."""

    def __call__(self, *args, **kwargs):
        from home import outbox  # models: importable only once Django is set up

        pk = outbox.message_id(self.request.id)
        if pk is None:
            return super().__call__(*args, **kwargs)
        return outbox.run_once(pk, lambda: super(OutboxAwareTask, self).__call__(*args, **kwargs))


app = Celery("lectern", task_cls=OutboxAwareTask)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="lectern.run_django_task", autoretry_for=(Exception,), retry_backoff=10, max_retries=5)
def run_django_task(module_path, args, kwargs):
    """Run a django-tasks task (Wagtail's search and reference indexing) on a Celery worker."""
    from django.utils.module_loading import import_string

    return import_string(module_path).call(*args, **kwargs)
