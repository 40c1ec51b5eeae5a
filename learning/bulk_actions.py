from django import forms
from django.utils.translation import ngettext
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction

from learning import services
from learning.forms import RejectForm
from learning.reviews import Review


class ModerationBulkAction(SnippetBulkAction):
    models = [Review]
    template_name = "learning/admin/confirm_bulk_moderation.html"

    def check_perm(self, review):
        return self.request.user.has_perm("learning.moderate_review")

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "action_name": self.display_name}


class ApproveBulkAction(ModerationBulkAction):
    display_name = "Approve"
    action_type = "approve"
    aria_label = "Approve the selected reviews"
    action_priority = 10
    form_class = forms.Form

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        for review in objects:
            services.approve_review(review.pk, user)
        return len(objects), 0

    def get_execution_context(self):
        return {**super().get_execution_context(), "user": self.request.user}

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext("%d review approved.", "%d reviews approved.", num_parent_objects) % num_parent_objects


class RejectBulkAction(ModerationBulkAction):
    display_name = "Reject"
    action_type = "reject"
    aria_label = "Reject the selected reviews"
    action_priority = 20
    form_class = RejectForm
    classes = {"serious"}

    @classmethod
    def execute_action(cls, objects, user=None, reason="", **kwargs):
        for review in objects:
            services.reject_review(review.pk, user, reason)
        return len(objects), 0

    def get_execution_context(self):
        return {
            **super().get_execution_context(),
            "user": self.request.user,
            "reason": self.cleaned_form.cleaned_data["reason"],
        }

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext("%d review rejected.", "%d reviews rejected.", num_parent_objects) % num_parent_objects
