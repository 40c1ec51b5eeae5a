"""The enquiry form's fields: bounded lengths, and one-line fields that stay on one line."""

from django import forms
from wagtail.contrib.forms.forms import FormBuilder

SINGLE_LINE_MAX = 255
MULTI_LINE_MAX = 5000
URL_MAX = 2000


class OneLineField(forms.CharField):
    """A line break typed or pasted into a one-line field becomes a space: the value is later a line
    of the staff email, where a break would start a line of its own (a forged "Label:" line)."""

    def to_python(self, value):
        value = super().to_python(value)
        # splitlines() knows every line separator: CR, LF, VT, FF, NEL, U+2028 and U+2029 among them.
        return " ".join(value.splitlines()) if value else value


def too_long(limit):
    return {"max_length": f"Please keep this under {limit:,} characters."}


def bounded(options, limit):
    return {**options, "max_length": limit, "error_messages": too_long(limit)}


class EnquiryFormBuilder(FormBuilder):
    def create_singleline_field(self, field, options):
        options["max_length"] = SINGLE_LINE_MAX
        return OneLineField(error_messages=too_long(SINGLE_LINE_MAX), **options)

    def create_multiline_field(self, field, options):
        return super().create_multiline_field(field, bounded(options, MULTI_LINE_MAX))

    def create_url_field(self, field, options):
        return super().create_url_field(field, bounded(options, URL_MAX))

    def create_hidden_field(self, field, options):
        return super().create_hidden_field(field, bounded(options, SINGLE_LINE_MAX))
