"""A transactional outbox: the background work a request implies is stored with the request's data.

Why: publishing to the broker from a request either hangs (kombu retries while the broker is
down) or drops the message (publish after commit, broker gone). So the intent is a row written
in the same transaction as the review, the enquiry or the page: if the data is saved, so is its
work. After commit the row is published once, without retries, so a broker outage costs the
visitor nothing; beat's relay publishes again whatever is not done yet. A row may therefore be
published twice, so the task claims it under a row lock and runs only if it is not done: each
row's work runs once (short of a worker dying between the work and its commit).
"""

import logging
from datetime import timedelta

from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone

logger = logging.getLogger(__name__)

TASK_ID_PREFIX = "outbox-"
# Never published, and the request's own publish had time to happen: the broker was down.
UNPUBLISHED_GRACE = timedelta(seconds=5)
# Published but not done after this long: lost with a broker that restarted empty, or still
# retrying (publishing again is harmless: it runs once).
REPUBLISH_AFTER = timedelta(minutes=10)
# Done rows are kept a while for the record; undone ones older than this are given up, loudly.
KEEP = timedelta(days=7)
RELAY_BATCH = 500


class OutboxMessage(models.Model):
    task = models.CharField(max_length=200)
    args = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    published_at = models.DateTimeField(null=True, blank=True)
    publish_count = models.PositiveIntegerField(default=0)
    done_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        app_label = "home"
        ordering = ["pk"]

    def __str__(self):
        return f"{self.task}{tuple(self.args)}"

    @property
    def task_id(self):
        return f"{TASK_ID_PREFIX}{self.pk}"


def enqueue(task, *args):
    """Store `task(*args)` in the caller's transaction; publish it once that commits."""
    message = OutboxMessage.objects.create(task=getattr(task, "name", task), args=list(args))
    transaction.on_commit(lambda: publish(message), robust=True)
    return message


def publish(message):
    """One try, no retries: True if the broker took it (or, without a broker, the task ran)."""
    from cms.celery import app

    try:
        # A connection of its own that tries once: the app's would retry connecting for seconds.
        with app.connection_for_write(transport_options={"max_retries": 0}) as connection:
            app.tasks[message.task].apply_async(
                message.args, task_id=message.task_id, retry=False, ignore_result=True, connection=connection
            )
    except Exception as error:  # broker down, or (eager) the task failed: the relay tries again
        logger.warning("Outbox %s (%s) not handed over: %s", message.pk, message.task, error)
        return False
    published = {"published_at": timezone.now(), "publish_count": F("publish_count") + 1}
    OutboxMessage.objects.filter(pk=message.pk).update(**published)
    return True


def message_id(task_id):
    if task_id and task_id.startswith(TASK_ID_PREFIX):
        return int(task_id.removeprefix(TASK_ID_PREFIX))
    return None


def run_once(pk, run):
    """Run the work of row `pk` unless it is done; mark it done in the same transaction."""
    with transaction.atomic():
        # The lock makes a second copy of the message wait, then see the row done.
        message = OutboxMessage.objects.select_for_update().filter(pk=pk).first()
        if message is None or message.done_at:
            logger.info("Outbox %s already done: skipped", pk)
            return None
        result = run()
        OutboxMessage.objects.filter(pk=pk).update(done_at=timezone.now())
    return result


def pending(now=None):
    now = now or timezone.now()
    return OutboxMessage.objects.filter(done_at=None, created_at__gte=now - KEEP).filter(
        Q(published_at=None, created_at__lt=now - UNPUBLISHED_GRACE) | Q(published_at__lt=now - REPUBLISH_AFTER)
    )


def relay():
    """Publish what is not done (run by beat every OUTBOX_RELAY_SECONDS); returns how many were handed over."""
    now = timezone.now()
    handed = sum(publish(message) for message in pending(now)[:RELAY_BATCH])
    abandoned = OutboxMessage.objects.filter(done_at=None, created_at__lt=now - KEEP)
    for message in abandoned:
        logger.error("Outbox %s (%s%s) was never done in %s: given up", message.pk, message.task, message.args, KEEP)
    abandoned.delete()
    OutboxMessage.objects.filter(done_at__lt=now - KEEP).delete()
    return handed
