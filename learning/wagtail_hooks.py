"""The Reviews section of the admin: a filtered list, per-review and bulk moderation, a dashboard panel.

Reviews change only through learning.services, so the admin never offers add, edit or delete:
moderators approve or reject (`learning.moderate_review`), editors may look (`view_review`).
"""

from django.contrib import messages
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets import ListingButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from learning import services
from learning.forms import RejectForm
from learning.reviews import Review

MODERATE = "learning.moderate_review"


class ReviewPermissionPolicy(ModelPermissionPolicy):
    """View (and moderate) only: edits or deletes here would bypass the rating summary."""

    def user_has_permission(self, user, action):
        if action in {"add", "change", "delete", "copy"}:
            return False
        if action == "view":
            return user.has_perm("learning.view_review") or user.has_perm(MODERATE)
        return super().user_has_permission(user, action)


register_permission_policy(Review, ReviewPermissionPolicy(Review), exact_class=True)


def list_url(**filters):
    query = "&".join(f"{key}={value}" for key, value in filters.items())
    return reverse("wagtailsnippets_learning_review:list") + (f"?{query}" if query else "")


class ReviewIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        return []

    def get_list_buttons(self, instance):
        if not self.request.user.has_perm(MODERATE):
            return []
        url = reverse("wagtailsnippets_learning_review:moderate", args=[quote(instance.pk)])
        return [ListingButton("Moderate", url=url, icon_name="tick", priority=10)]


class ReviewViewSet(SnippetViewSet):
    model = Review
    icon = "comment"
    menu_label = "Reviews"
    menu_name = "reviews"
    menu_order = 250
    add_to_admin_menu = True
    index_view_class = ReviewIndexView
    inspect_view_enabled = True
    inspect_view_fields = [
        "course",
        "user",
        "rating",
        "title",
        "body",
        "status",
        "rejection_reason",
        "moderated_by",
        "moderated_at",
        "created_at",
        "updated_at",
    ]
    list_display = [
        "__str__",
        Column("course", label="Course", accessor="course"),
        Column("user", label="Student", accessor="user"),
        "rating",
        "status",
        "created_at",
    ]
    list_filter = ["status", "course", "rating"]
    search_fields = ["title", "body", "user__username", "user__email", "course__title"]
    search_backend_name = None  # plain ORM lookups over the fields above
    ordering = ["-created_at"]

    def get_queryset(self, request):
        return Review.objects.select_related("course", "user")

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [path("moderate/<int:pk>/", moderate_view, name="moderate")]


def moderate_view(request, pk):
    if not request.user.has_perm(MODERATE):
        raise PermissionDenied
    review = get_object_or_404(Review.objects.select_related("course", "user", "moderated_by"), pk=pk)
    form = RejectForm(request.POST if request.POST.get("action") == "reject" else None)
    next_url = request.POST.get("next") or request.GET.get("next") or list_url(status=Review.PENDING)
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
        next_url = list_url()
    if request.method == "POST":
        if request.POST.get("action") == "approve":
            services.approve_review(review.pk, request.user)
            messages.success(request, f"Review of “{review.course.title}” approved.")
            return redirect(next_url)
        if form.is_valid():
            services.reject_review(review.pk, request.user, form.cleaned_data["reason"])
            messages.success(request, f"Review of “{review.course.title}” rejected.")
            return redirect(next_url)
    context = {"review": review, "form": form, "next": next_url, "header_icon": "comment"}
    return TemplateResponse(request, "learning/admin/moderate.html", context, status=400 if form.errors else 200)


register_snippet(ReviewViewSet)


class PendingReviewsPanel(Component):
    name = "pending_reviews"
    order = 50
    template_name = "learning/admin/pending_reviews_panel.html"

    def __init__(self, count):
        self.count = count

    def get_context_data(self, parent_context):
        return {"count": self.count, "url": list_url(status=Review.PENDING)}


@hooks.register("construct_homepage_panels")
def add_pending_reviews_panel(request, panels):
    if request.user.has_perm(MODERATE) or request.user.has_perm("learning.view_review"):
        panels.append(PendingReviewsPanel(Review.objects.filter(status=Review.PENDING).count()))


# Bulk actions over the selected rows of the list.
from learning.bulk_actions import ApproveBulkAction, RejectBulkAction  # noqa: E402

hooks.register("register_bulk_action", ApproveBulkAction)
hooks.register("register_bulk_action", RejectBulkAction)
