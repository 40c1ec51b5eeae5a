from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from search.reports import SearchReportView


@hooks.register("register_admin_urls")
def register_search_report_url():
    return [path("reports/search-terms/", SearchReportView.as_view(), name="search_report")]


@hooks.register("register_reports_menu_item")
def register_search_report_menu_item():
    # Everyone with admin access (editors, moderators) may read it.
    return MenuItem("Site search terms", reverse("search_report"), icon_name="search", order=900)
