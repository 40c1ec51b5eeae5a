from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import include, path, re_path, reverse
from django.views.generic import RedirectView, TemplateView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from cms import health
from home import api
from home.site_url import local_path
from search import views as search_views


def admin_login(request):
    """Wagtail's login form, replaced by the site's (allauth's): one set of rate limits and
    email verification for everyone. It handles no credentials, whatever the method.

    WAGTAILADMIN_LOGIN_URL stays at this URL, not allauth's: the check below needs it."""
    next_url = local_path(request, request.GET.get("next")) or "/admin/"
    if request.user.is_authenticated:
        # Wagtail sends signed-in users without admin access here; allauth would send them
        # straight back to `next`, round in circles. Wagtail's message shows on the home page.
        return HttpResponseRedirect(next_url if request.user.has_perm("wagtailadmin.access_admin") else "/")
    return HttpResponseRedirect(f"{reverse('account_login')}?{urlencode({'next': next_url}, safe='/')}")


urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("admin/login/", admin_login),  # before Wagtail's admin, whose own login it shadows
    # Likewise its password reset, which has no rate limit: allauth's has.
    path("admin/password_reset/", RedirectView.as_view(pattern_name="account_reset_password")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("allauth.urls")),
    path("api/v2/", include("learning.api")),
    path("api/v2/", api.api_router.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path("api/", SpectacularSwaggerSplitView.as_view(url_name="api_schema"), name="api_docs"),
    re_path(r"^api/", api.not_found),
    path("learning/", include("learning.urls")),
    path("instructors/", include("learning.instructors")),
    path("search/", search_views.search, name="search"),
    path("search/suggest/", search_views.suggest, name="search_suggest"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", TemplateView.as_view(template_name="robots.txt", content_type="text/plain"), name="robots"),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail serves every other URL from the page tree; keep this last.
urlpatterns += [path("", include(wagtail_urls))]
