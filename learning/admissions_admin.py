"""The Applications section of the admin, for the Admissions group, and the guard on deleting courses.

Applications change only through learning.admissions (accepting takes a seat under a lock), so the
admin offers no add, edit or delete: admissions open an application and move it on from there.
"""

import django_filters
from django import forms
from django.contrib import messages
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.timesince import timesince
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets import ListingButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from learning import admissions
from learning.cohorts import Application, Cohort
from learning.models import CoursePage
from learning.reviews import Enrolment

DECIDE = "learning.change_application"
ACTIONS = {
    Application.CONTACTED: ("Mark as contacted", "Marked as contacted"),
    Application.ACCEPTED: ("Accept: take a seat", "Accepted; the applicant holds a seat and is emailed"),
    Application.DECLINED: ("Decline", "Declined; the applicant is emailed"),
}


class DecidedHerePolicy(ModelPermissionPolicy):
    """For rows that change only through learning's services (reviews, applications): the admin lists and
    shows them to those who may view or decide, and never offers add, edit or delete, which would bypass them."""

    def __init__(self, model, decide):
        super().__init__(model)
        self.decide = decide

    def user_has_permission(self, user, action):
        if action in {"add", "change", "delete", "copy"}:
            return False
        if action == "view":
            return user.has_perm(f"learning.view_{self.model._meta.model_name}") or user.has_perm(self.decide)
        return super().user_has_permission(user, action)


register_permission_policy(Application, DecidedHerePolicy(Application, DECIDE), exact_class=True)


class ApplicationIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        return []

    def get_list_buttons(self, instance):
        if not self.request.user.has_perm(DECIDE):
            return []
        url = reverse("wagtailsnippets_learning_application:decide", args=[quote(instance.pk)])
        return [ListingButton("Open", url=url, icon_name="edit", priority=10)]


class ApplicationFilterSet(WagtailFilterSet):
    course = django_filters.ModelChoiceFilter(
        label="Course", queryset=CoursePage.objects.order_by("title"), field_name="cohort__page"
    )

    class Meta:
        model = Application
        fields = ["status", "course"]


def seats(application):
    return f"{application.cohort.seats - application.taken} of {application.cohort.seats} left"


class ApplicationViewSet(SnippetViewSet):
    model = Application
    icon = "user"
    menu_label = "Applications"
    menu_name = "applications"
    menu_order = 260
    add_to_admin_menu = True
    index_view_class = ApplicationIndexView
    inspect_view_enabled = True
    list_display = [
        "name",
        Column("cohort", label="Cohort"),
        Column("status", label="Status", accessor="get_status_display"),
        Column("seats", label="Seats", accessor=seats),
        Column("created_at", label="Age", accessor=lambda application: timesince(application.created_at, depth=1)),
    ]
    filterset_class = ApplicationFilterSet
    search_fields = ["name", "email", "cohort__page__title"]
    search_backend_name = None
    ordering = ["-created_at"]

    def get_queryset(self, request):
        # The cohort's seats taken, counted in the same query: the Seats column costs nothing per row.
        taken = Enrolment.objects.filter(cohort=OuterRef("cohort_id")).order_by().values("cohort")
        taken = Coalesce(Subquery(taken.annotate(n=Count("pk")).values("n")), Value(0))
        return Application.objects.select_related("cohort__page").annotate(taken=taken)

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [path("decide/<int:pk>/", decide_view, name="decide")]


class NotesForm(forms.Form):
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False, label="Notes for admissions")


def decide_view(request, pk):
    if not request.user.has_perm(DECIDE):
        raise PermissionDenied
    application = get_object_or_404(Application.objects.select_related("cohort__page", "user", "decided_by"), pk=pk)
    form = NotesForm(request.POST or None, initial={"notes": application.notes})
    error = None
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "notes" and form.is_valid():
            Application.objects.filter(pk=pk).update(notes=form.cleaned_data["notes"])
            messages.success(request, "Notes saved.")
            return redirect("wagtailsnippets_learning_application:decide", pk=pk)
        if action in ACTIONS:
            try:
                admissions.decide(pk, request.user, action)
            except admissions.AdmissionError as problem:
                error = str(problem)
            else:
                messages.success(request, f"{application.name}: {ACTIONS[action][1].lower()}.")
                return redirect(reverse("wagtailsnippets_learning_application:list") + f"?status={action}")
    cohort = Cohort.objects.with_taken().get(pk=application.cohort_id)
    allowed = Application.NEXT[application.status]
    actions = [(status, ACTIONS[status][0]) for status, _ in Application.STATUSES if status in allowed]
    context = {"application": application, "cohort": cohort, "form": form, "error": error, "actions": actions}
    return TemplateResponse(request, "learning/admin/application.html", context, status=409 if error else 200)


register_snippet(ApplicationViewSet)


def holds_students(page):
    courses = CoursePage.objects.filter(path__startswith=page.path)
    held = Cohort.objects.filter(page__in=courses).filter(Q(enrolments__isnull=False) | Q(applications__isnull=False))
    return held.exists()


def refuse_deletion(request, page):
    messages.error(
        request,
        f"“{page.get_admin_display_title()}” cannot be deleted: cohorts in it have students or applications. "
        "Unpublish it instead.",
    )
    return redirect("wagtailadmin_explore", page.get_parent().pk)


@hooks.register("before_delete_page")
def keep_courses_with_students(request, page):
    """A course whose cohorts have students or applications is unpublished, not deleted: their data stays."""
    return refuse_deletion(request, page) if holds_students(page) else None


@hooks.register("before_bulk_action")
def keep_courses_with_students_in_bulk(request, action_type, objects, action_class_instance):
    if action_type == "delete":
        for page in objects:
            if hasattr(page, "path") and holds_students(page):
                return refuse_deletion(request, page)
    return None


class NewApplicationsPanel(Component):
    name = "new_applications"
    order = 60
    template_name = "learning/admin/applications_panel.html"

    def __init__(self, waiting):
        self.waiting = waiting

    def get_context_data(self, parent_context):
        url = reverse("wagtailsnippets_learning_application:list")
        return {"waiting": self.waiting, "new_url": f"{url}?status=new", "contacted_url": f"{url}?status=contacted"}


@hooks.register("construct_homepage_panels")
def add_new_applications_panel(request, panels):
    if request.user.has_perm(DECIDE):
        counts = dict(
            Application.objects.filter(status__in=[Application.NEW, Application.CONTACTED])
            .values_list("status")
            .annotate(n=Count("pk"))
        )
        panels.append(NewApplicationsPanel(counts))
