"""The Reviews section of the admin: a filtered list, per-review and bulk moderation, a dashboard panel.

Reviews change only through learning.services, so the admin never offers add, edit or delete:
moderators approve or reject (`learning.moderate_review`), editors may look (`view_review`).
"""

import django_filters
from django.contrib import messages
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.timesince import timesince
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.widgets import ListingButton
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from learning import services
from learning.admissions_admin import DecidedHerePolicy  # also registers Applications and the deletion guard
from learning.forms import RejectForm, ReplyForm
from learning.reviews import Enrolment, Review, ReviewReport

MODERATE = "learning.moderate_review"
REPLY = "learning.reply_review"


# View (and moderate) only: edits or deletes here would bypass the rating summary.
register_permission_policy(Review, DecidedHerePolicy(Review, MODERATE), exact_class=True)


def list_url(**filters):
    query = "&".join(f"{key}={value}" for key, value in filters.items())
    return reverse("wagtailsnippets_learning_review:list") + (f"?{query}" if query else "")


class ReviewIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        return []

    def _get_title_column(self, field_name, column_class=TitleColumn, **kwargs):
        return super()._get_title_column(field_name, ReviewTitleColumn, **kwargs)

    def get_list_buttons(self, instance):
        user, buttons = self.request.user, []
        if user.has_perm(MODERATE):
            url = reverse("wagtailsnippets_learning_review:moderate", args=[quote(instance.pk)])
            buttons.append(ListingButton("Moderate", url=url, icon_name="tick", priority=10))
        if user.has_perm(REPLY) and instance.status == Review.APPROVED:
            url = reverse("wagtailsnippets_learning_review:reply", args=[quote(instance.pk)])
            buttons.append(ListingButton("Reply", url=url, icon_name="comment", priority=20))
        return buttons


class ReviewTitleColumn(TitleColumn):
    """The review in one cell (first lines, rating, course, author, verified) with its buttons, to stay
    readable at 390 px."""

    cell_template_name = "learning/admin/review_cell.html"


class ReviewFilterSet(WagtailFilterSet):
    reported = django_filters.BooleanFilter(label="Reported", method="filter_reported")

    def filter_reported(self, queryset, name, value):
        return queryset.filter(open_reports__gt=0) if value else queryset.filter(open_reports=0)

    class Meta:
        model = Review
        fields = ["status", "rating", "course"]


def status_and_reports(review):
    reports = f" · {review.open_reports} report{'s' if review.open_reports != 1 else ''}" if review.open_reports else ""
    return f"{review.get_status_display()}{reports}"


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
        Column("status", label="Status", accessor=status_and_reports),
        Column("created_at", label="Age", accessor=lambda review: f"{timesince(review.created_at, depth=1)}"),
    ]
    filterset_class = ReviewFilterSet
    search_fields = ["title", "body", "user__username", "user__email", "course__title"]
    search_backend_name = None  # plain ORM lookups over the fields above
    ordering = ["-created_at"]

    def get_queryset(self, request):
        return with_moderation_facts(Review.objects.select_related("course", "user"))

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("moderate/<int:pk>/", moderate_view, name="moderate"),
            path("reply/<int:pk>/", reply_view, name="reply"),
        ]


def with_moderation_facts(reviews):
    """Each review with its count of open reports and whether its author is enrolled: two columns, no extra query."""
    enrolled = Enrolment.objects.filter(user=OuterRef("user_id"), course=OuterRef("course_id"))
    open_reports = Count("reports", filter=Q(reports__outcome=ReviewReport.OPEN))
    return reviews.annotate(open_reports=open_reports, verified=Exists(enrolled))


def moderate_view(request, pk):
    if not request.user.has_perm(MODERATE):
        raise PermissionDenied
    review = get_object_or_404(Review.objects.select_related("course", "user", "moderated_by"), pk=pk)
    reports = review.reports.filter(outcome=ReviewReport.OPEN).values("reason").annotate(count=Count("pk"))
    reasons = dict(ReviewReport.REASONS)
    report_summary = [(reasons.get(row["reason"], row["reason"]), row["count"]) for row in reports]
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
    context = {"review": review, "form": form, "next": next_url, "header_icon": "comment", "reports": report_summary}
    return TemplateResponse(request, "learning/admin/moderate.html", context, status=400 if form.errors else 200)


def reply_view(request, pk):
    """The institute's public reply to an approved review: written once, edited after."""
    if not request.user.has_perm(REPLY):
        raise PermissionDenied
    review = get_object_or_404(Review.objects.select_related("course", "user", "reply"), pk=pk)
    existing = getattr(review, "reply", None)
    initial = (
        {"body": existing.body, "author_name": existing.author_name, "author_role": existing.author_role}
        if existing
        else {"author_name": request.user.get_full_name() or request.user.get_username()}
    )
    form = ReplyForm(request.POST or None, initial=initial)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            services.reply_to_review(review.pk, request.user, **form.cleaned_data)
        except services.ReviewError as problem:
            error = str(problem)
        else:
            messages.success(request, f"Your reply to the review of “{review.course.title}” is published.")
            return redirect(list_url(status=Review.APPROVED))
    context = {"review": review, "form": form, "error": error, "existing": existing}
    status = 400 if form.errors or error else 200
    return TemplateResponse(request, "learning/admin/reply.html", context, status=status)


register_snippet(ReviewViewSet)


class PendingReviewsPanel(Component):
    name = "pending_reviews"
    order = 50
    template_name = "learning/admin/pending_reviews_panel.html"

    def __init__(self, pending, reported):
        self.pending, self.reported = pending, reported

    def get_context_data(self, parent_context):
        return {
            "pending": self.pending,
            "reported": self.reported,
            "pending_url": list_url(status=Review.PENDING),
            "reported_url": list_url(reported="true"),
        }


@hooks.register("construct_homepage_panels")
def add_pending_reviews_panel(request, panels):
    if request.user.has_perm(MODERATE) or request.user.has_perm("learning.view_review"):
        pending = Review.objects.filter(status=Review.PENDING).count()
        reported = Review.objects.filter(reports__outcome=ReviewReport.OPEN).distinct().count()
        panels.append(PendingReviewsPanel(pending, reported))


# Bulk actions over the selected rows of the list.
from learning.bulk_actions import ApproveBulkAction, RejectBulkAction  # noqa: E402

hooks.register("register_bulk_action", ApproveBulkAction)
hooks.register("register_bulk_action", RejectBulkAction)
