"""The editors' search report in the Wagtail admin: what visitors search for, and what finds nothing."""

import datetime

from django.db.models import Sum
from django.utils import timezone
from django.views.generic import TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from search.models import SearchTermDay

DAYS = 30
ROWS = 50


class SearchReportView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "search/admin/report.html"
    page_title = "Search terms"
    header_icon = "search"

    def get_context_data(self, **kwargs):
        since = timezone.localdate() - datetime.timedelta(days=DAYS)
        recent = SearchTermDay.objects.filter(date__gte=since).values("term")
        context = super().get_context_data(**kwargs)
        context["days"] = DAYS
        context["top"] = recent.annotate(total=Sum("searches")).order_by("-total", "term")[:ROWS]
        context["unanswered"] = (
            recent.annotate(total=Sum("searches_without_results")).filter(total__gt=0).order_by("-total", "term")[:ROWS]
        )
        return context
