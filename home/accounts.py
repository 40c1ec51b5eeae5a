"""Accounts: emails through the outbox, and a bounded login field.

Account emails (address verification, password reset) leave through the outbox.

allauth sends them inside the sign-up or reset request; a mail server or broker outage
would then fail the request after the account was made. Stored in the outbox, they are
sent by a worker, retried, and delivered once the outage ends.
"""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.core import context as allauth_context
from django import forms
from django.contrib.sites.shortcuts import get_current_site
from django.core import validators

from home import outbox


def message_fields(message):
    """An EmailMessage as JSON the task can rebuild it from."""
    return {
        "subject": message.subject,
        "body": message.body,
        "from_email": message.from_email,
        "to": list(message.to),
        "headers": dict(message.extra_headers),
        "content_subtype": message.content_subtype,
        "alternatives": [[content, mimetype] for content, mimetype in getattr(message, "alternatives", [])],
    }


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
        from home.tasks import send_email

        request = allauth_context.request
        context = {"request": request, "email": email, "current_site": get_current_site(request), **context}
        outbox.enqueue(send_email, message_fields(self.render_mail(template_prefix, email, context)))


# The longest login anyone has: an email address (RFC 5321 caps it at 254) or a username (150).
MAX_LOGIN_LENGTH = 254


class LoginForm(AllauthLoginForm):
    """allauth's login form with a bounded login: a 50,000-character one reached the database as a
    LIKE pattern too long for SQLite (a 500). Wired by ACCOUNT_FORMS in the settings."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        login = self.fields["login"]
        login.max_length = MAX_LOGIN_LENGTH
        login.validators.append(validators.MaxLengthValidator(MAX_LOGIN_LENGTH))
        login.error_messages["max_length"] = "That is longer than any username or email address we have."
        login.widget.attrs["maxlength"] = str(MAX_LOGIN_LENGTH)


class SignupForm(AllauthSignupForm):
    """allauth's sign-up form with the student's name first: reviews show it ("Ada L."), admissions address
    them by it. allauth's adapter saves first_name and last_name. Wired by ACCOUNT_FORMS."""

    first_name = forms.CharField(label="First name", max_length=150, error_messages={"required": "Tell us your name."})
    last_name = forms.CharField(label="Last name", max_length=150, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields(["first_name", "last_name", "email"])
