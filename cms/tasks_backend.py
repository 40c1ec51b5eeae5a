"""A django-tasks backend that hands Wagtail's background tasks to Celery.

Wagtail queues its own work (search indexing, the reference index, deleting files)
through django-tasks. With a broker configured, that work runs on the Celery workers
instead of inside the editor's request.
"""

from django.db import transaction
from django_tasks.backends.base import BaseTaskBackend
from django_tasks.base import TaskResult, TaskResultStatus
from django_tasks.utils import get_random_id


class CeleryBackend(BaseTaskBackend):
    def enqueue(self, task, args, kwargs):
        from cms.celery import run_django_task

        self.validate_task(task)
        result = TaskResult(
            task=task,
            id=get_random_id(),
            status=TaskResultStatus.READY,
            enqueued_at=None,
            started_at=None,
            last_attempted_at=None,
            finished_at=None,
            args=args,
            kwargs=kwargs,
            backend=self.alias,
            errors=[],
            worker_ids=[],
        )
        # After commit, so that the worker sees what the request saved.
        transaction.on_commit(
            lambda: run_django_task.apply_async((task.module_path, args, kwargs), task_id=result.id), robust=True
        )
        return result
