from django import forms
from wagtail.admin.forms import WagtailAdminPageForm

from learning.cohorts import Application
from learning.reviews import MAX_BODY, Review, ReviewReply, ReviewReport

RATING_CHOICES = [(stars, f"{stars} star{'s' if stars > 1 else ''}") for stars in (5, 4, 3, 2, 1)]


class ReviewForm(forms.ModelForm):
    # A typed field so that "abc", 0 or 6 fail validation with a message rather than reach the database.
    rating = forms.TypedChoiceField(
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose a rating from 1 to 5 stars.", "required": "Choose a rating."},
    )
    body = forms.CharField(
        label="Your review",
        max_length=MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 8, "maxlength": MAX_BODY}),
        error_messages={
            "required": "Write a few words about the course.",
            "max_length": f"Keep your review under {MAX_BODY:,} characters.",
        },
    )

    class Meta:
        model = Review
        fields = ["rating", "title", "body"]
        labels = {"title": "Title (optional)"}

    def clean_body(self):
        body = self.cleaned_data["body"]
        if not body.strip():
            raise forms.ValidationError("Write a few words about the course.")
        return body


class RejectForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        help_text="Sent to the student with the decision.",
    )


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label="What is wrong with this review?",
        choices=ReviewReport.REASONS,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a reason.", "invalid_choice": "Choose one of the reasons listed."},
    )


class ReplyForm(forms.Form):
    body = forms.CharField(
        label="Reply",
        max_length=ReviewReply.MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": ReviewReply.MAX_BODY}),
        help_text="Shown in public under the review; the reviewer is emailed.",
    )
    author_name = forms.CharField(label="Signed by", max_length=120)
    author_role = forms.CharField(label="Role", max_length=120, required=False, help_text='"Head of admissions"')


class CoursePageForm(WagtailAdminPageForm):
    """Refuses to remove a cohort that students hold seats in or applied for (their data would go with it)."""

    def clean(self):
        cleaned_data = super().clean()
        for form in self.formsets["cohorts"].deleted_forms if "cohorts" in self.formsets else []:
            cohort = form.instance
            if cohort.pk and (cohort.enrolments.exists() or cohort.applications.exists()):
                self.add_error(
                    None,
                    f"The cohort starting {cohort.start_date:%-d %B %Y} has students or applications, so it "
                    "cannot be removed. Keep it, and set its enrolment deadline to close it.",
                )
        return cleaned_data


class ApplicationForm(forms.ModelForm):
    class Meta:
        model = Application
        fields = ["name", "email", "phone", "message"]
        labels = {"name": "Your name", "email": "Email", "phone": "Phone (optional)", "message": "Message (optional)"}
        help_texts = {"message": "Your background, or questions for the admissions team."}
        widgets = {"message": forms.Textarea(attrs={"rows": 5, "maxlength": 2000})}
        error_messages = {
            "name": {"required": "Tell us your name."},
            "email": {"required": "Give an email address we can answer.", "invalid": "Enter a valid email address."},
        }

    def validate_unique(self):
        pass  # the cohort is not on the form: learning.admissions answers a second application


class AlertForm(forms.Form):
    email = forms.EmailField(
        label="Your email",
        error_messages={"required": "Give the address to write to.", "invalid": "Enter a valid email address."},
    )
