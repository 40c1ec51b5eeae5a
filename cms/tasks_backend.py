"""A django-tasks backend that hands Wagtail's background tasks to Celery.

Wagtail queues its own work (search indexing, the reference index, deleting files)
through django-tasks. With a broker configured, that work runs on the Celery workers
instead of inside the editor's request, through the outbox, so a broker outage loses none of it.
"""

from django_tasks.backends.base import BaseTaskBackend
from django_tasks.base import TaskResult, TaskResultStatus
from django_tasks.utils import get_random_id


class CeleryBackend(BaseTaskBackend):
    def enqueue(self, task, args, kwargs):
        from cms.celery import run_django_task
        from home import outbox

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
        # Stored with the editor's change and published after commit (see home.outbox); the
        # result's args are django-tasks' JSON-normalised copies.
        outbox.enqueue(run_django_task, task.module_path, result.args, result.kwargs)
        return result
