"""A transactional outbox: the background work a request implies is stored with the request's data.

Why: publishing to the broker from a request either hangs (kombu retries while the broker is
down) or drops the message (publish after commit, broker gone). So the intent is a row written
in the same transaction as the review, the enquiry or the page: if the data is saved, so is its
work. After commit the row is published once, without retries, so a broker outage costs the
visitor nothing; beat's relay publishes again whatever is due and not done. A row may therefore
be published twice, so the task claims it first (a short UPDATE, no lock held while it works) and
runs only if it is neither done nor claimed: each row's work runs once, short of a worker dying
between the work and marking it done (then it runs again when the claim expires).
"""

import logging
import time
from datetime import timedelta

from celery import current_app
from celery.exceptions import NotRegistered
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone

logger = logging.getLogger(__name__)

TASK_ID_PREFIX = "outbox-"
# Never published, and the request's own publish had time to happen: the broker was down.
UNPUBLISHED_GRACE = timedelta(seconds=5)
# Published but not done after this long: lost with a broker that restarted empty, or still
# retrying. Each further publish waits twice as long, so a stuck row cannot flood the broker.
REPUBLISH_AFTER = timedelta(minutes=10)
MAX_BACKOFF_DOUBLINGS = 6  # at most about ten hours between publishes
# A claim older than this belongs to a worker that died: the row may run again.
CLAIM_LEASE = timedelta(minutes=15)
# Undone rows older than this are given up, loudly; done rows go after DONE_KEPT.
KEEP = timedelta(days=7)
DONE_KEPT = timedelta(days=1)
RELAY_BATCH = 500
# After a failed connection this process leaves publishing to the relay for a while, so a request
# that stores several rows pays for one connection timeout, not one each.
BROKER_BACKOFF_SECONDS = 10
_broker_down_until = 0.0


class OutboxMessage(models.Model):
    task = models.CharField(max_length=200)
    args = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    due_at = models.DateTimeField(db_index=True, help_text="When the relay next publishes it, if not done.")
    published_at = models.DateTimeField(null=True, blank=True)
    publish_count = models.PositiveIntegerField(default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        app_label = "home"
        ordering = ["due_at"]

    def __str__(self):
        return f"{self.task} #{self.pk}"

    @property
    def task_id(self):
        return f"{TASK_ID_PREFIX}{self.pk}"


def enqueue(task, *args):
    """Store `task(*args)` in the caller's transaction; publish it once that commits."""
    due_at = timezone.now() + UNPUBLISHED_GRACE
    message = OutboxMessage.objects.create(task=getattr(task, "name", task), args=list(args), due_at=due_at)
    transaction.on_commit(lambda: publish(message), robust=True)
    return message


def publish(message):
    """One try, no retries: True if the broker took it (or, without a broker, the task ran)."""
    global _broker_down_until
    app = current_app  # the project's (cms.celery): set as current when Django loads it

    if not app.conf.task_always_eager and time.monotonic() < _broker_down_until:
        return False
    try:
        task = app.tasks[message.task]
    except NotRegistered:  # renamed or removed by a deploy: say so, and look again later
        logger.error("Outbox %s: no task %s is registered", message.pk, message.task)
        OutboxMessage.objects.filter(pk=message.pk).update(due_at=timezone.now() + REPUBLISH_AFTER)
        return False
    # Without a broker the task runs here, in the request: one attempt, not its retries back to back.
    options = {"retries": task.max_retries or 0} if app.conf.task_always_eager else {}
    try:
        # A connection of its own that tries once: the app's would retry connecting for seconds.
        with app.connection_for_write(transport_options={"max_retries": 0}) as connection:
            task.apply_async(
                message.args, task_id=message.task_id, retry=False, ignore_result=True, connection=connection, **options
            )
    except Exception as error:  # broker down, or (eager) the task failed: the relay tries again
        if not app.conf.task_always_eager:
            _broker_down_until = time.monotonic() + BROKER_BACKOFF_SECONDS
        logger.warning("Outbox %s (%s) not handed over: %s", message.pk, message.task, error)
        return False
    now, doublings = timezone.now(), min(message.publish_count, MAX_BACKOFF_DOUBLINGS)
    OutboxMessage.objects.filter(pk=message.pk).update(
        published_at=now, publish_count=F("publish_count") + 1, due_at=now + REPUBLISH_AFTER * 2**doublings
    )
    return True


def message_id(task_id):
    if task_id and task_id.startswith(TASK_ID_PREFIX):
        return int(task_id.removeprefix(TASK_ID_PREFIX))
    return None


def run_once(pk, run):
    """Run the work of row `pk` unless it is done or another copy is running it."""
    now = timezone.now()
    unclaimed = Q(claimed_at=None) | Q(claimed_at__lt=now - CLAIM_LEASE)
    if not OutboxMessage.objects.filter(unclaimed, pk=pk, done_at=None).update(claimed_at=now):
        logger.info("Outbox %s is done or running elsewhere: skipped", pk)
        return None
    try:
        result = run()
    except BaseException:  # failed, or retrying: let the next copy claim it
        OutboxMessage.objects.filter(pk=pk).update(claimed_at=None)
        raise
    # The arguments may hold links meant for one reader (password resets): not kept once sent.
    OutboxMessage.objects.filter(pk=pk).update(done_at=timezone.now(), args=[])
    return result


def pending(now=None):
    now = now or timezone.now()
    return OutboxMessage.objects.filter(done_at=None, due_at__lte=now, created_at__gte=now - KEEP)


def overdue(now=None):
    """Undone rows the relay should have delivered by now: beat or the workers are not running."""
    now = now or timezone.now()
    return OutboxMessage.objects.filter(done_at=None, due_at__lt=now - REPUBLISH_AFTER)


def relay():
    """Publish what is due (run by beat every OUTBOX_RELAY_SECONDS); returns how many were handed over."""
    global _broker_down_until
    _broker_down_until = 0.0  # the relay runs on a worker, so the broker has just answered
    now = timezone.now()
    handed = sum(publish(message) for message in pending(now)[:RELAY_BATCH])
    abandoned = OutboxMessage.objects.filter(done_at=None, created_at__lt=now - KEEP)
    for pk, task in abandoned.values_list("pk", "task"):
        logger.error("Outbox %s (%s) was never done in %s: given up", pk, task, KEEP)
    abandoned.delete()
    OutboxMessage.objects.filter(done_at__lt=now - DONE_KEPT).delete()
    return handed
