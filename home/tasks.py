from celery import shared_task
from wagtail.models import Page


@shared_task(ignore_result=False)  # the broker round-trip test reads its answer
def count_live_pages():
    """How many pages visitors can see: a small task that proves the Celery wiring."""
    return Page.objects.live().exclude(depth=1).count()


@shared_task(autoretry_for=(Exception,), retry_backoff=30, retry_backoff_max=3600, max_retries=8)
def send_enquiry_email(submission_id):
    """Email the staff about an enquiry; retried with backoff while the mail server fails."""
    from django.core.mail import EmailMessage
    from wagtail.contrib.forms.models import FormSubmission

    def email_line(label, value):
        # A value's further lines are indented: nothing a visitor types can start a line that reads as a field.
        if isinstance(value, list):  # checkboxes
            value = ", ".join(map(str, value))
        first, *rest = str(value).splitlines() or [""]
        return "\n".join([f"{label}: {first}", *(f"    {line}" for line in rest)])

    submission = FormSubmission.objects.select_related("page").get(pk=submission_id)
    page = submission.page.specific
    data = submission.get_data()
    lines = [email_line(label, data.get(name, "")) for name, label in page.get_data_fields() if name != "submit_time"]
    lines.append(f"Received: {submission.submit_time:%Y-%m-%d %H:%M} UTC")
    reply_to = [value for name, value in data.items() if name == "email" and value]
    EmailMessage(
        subject=page.subject or f"New enquiry from {page.title}",
        body="\n".join(lines),
        from_email=page.from_address or None,
        to=[address.strip() for address in page.to_address.split(",") if address.strip()],
        reply_to=reply_to,
    ).send()


@shared_task(autoretry_for=(Exception,), retry_backoff=30, retry_backoff_max=3600, max_retries=8)
def send_email(fields):
    """Send an email stored as home.accounts.message_fields; retried while the mail server fails."""
    from django.core.mail import EmailMultiAlternatives

    message = EmailMultiAlternatives(
        fields["subject"], fields["body"], fields["from_email"], fields["to"], headers=fields["headers"]
    )
    message.content_subtype = fields["content_subtype"]
    for content, mimetype in fields["alternatives"]:
        message.attach_alternative(content, mimetype)
    message.send()


@shared_task(name="home.tasks.relay_outbox")
def relay_outbox():
    """Hand the broker what the outbox holds undone (scheduled by beat)."""
    from home import outbox

    return outbox.relay()
