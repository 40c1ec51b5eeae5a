"""One public address: the Wagtail Site record.

Every absolute URL the site writes (canonical and og: links, sitemap, JSON-LD, share links,
feeds, robots.txt, emails) is made from a Site's root_url, which editors can change in
Settings > Sites. BASE_URL seeds the default Site at migrate: always when the variable is set
(a deploy says where the site lives), otherwise only while the Site is still the placeholder
Wagtail's own migration creates, so that `migrate` never undoes an editor's change.

A Site has no scheme: its root_url is https exactly when its port is 443, and it has no path.
So https on another port, http on 443 or a path can't be represented and are refused.
"""

from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.http import url_has_allowed_host_and_scheme

from cms import env

PLACEHOLDER = ("localhost", 80)  # the default Site as Wagtail's initial migration makes it
DEFAULT_PORTS = {"http": 80, "https": 443}


def site_address(base_url):
    """The (hostname, port) of a Site whose root_url is `base_url`."""
    parts = urlsplit(base_url)
    port = parts.port or DEFAULT_PORTS.get(parts.scheme)
    hostname = parts.hostname
    if (
        not hostname
        or ":" in hostname  # an IPv6 address: root_url would not bracket it
        or (parts.scheme == "https") != (port == 443)
        or parts.path not in ("", "/")
        or parts.query
        or parts.fragment
    ):
        raise ImproperlyConfigured(
            f"Environment variable BASE_URL must be http://host[:port] or https://host (https only on "
            f"port 443, no path), as a Wagtail Site can only hold that, not {base_url!r}."
        )
    return hostname, port


def root_url(request=None):
    """The root URL (no trailing slash) of the request's Site, or of the default Site."""
    from wagtail.models import Site

    # The request's Site is kept on the request: no query after the first.
    site = Site.find_for_request(request) or Site.objects.filter(is_default_site=True).first()
    return site.root_url if site else settings.BASE_URL.rstrip("/")


def absolute(url, request=None):
    """`url` made absolute with the Site's root; an absolute URL (media on S3, say) is kept."""
    return urljoin(root_url(request) + "/", url)


def apply_base_url(using="default", **kwargs):
    """post_migrate: point the default Site at BASE_URL, by the rule in this module's docstring."""
    from wagtail.models import Site

    try:  # a partial migrate may not have made the Site table yet
        kwargs["apps"].get_model("wagtailcore", "Site")
    except (KeyError, LookupError):
        return
    site = Site.objects.using(using).filter(is_default_site=True).first()
    if site is None:  # a flushed database: home.demo.load_site makes one from BASE_URL
        return
    explicit = env.get("BASE_URL") is not None
    address = site_address(settings.BASE_URL)
    current = (site.hostname, site.port)
    if current != address and (explicit or current == PLACEHOLDER):
        site.hostname, site.port = address
        site.save(using=using)  # save(): Wagtail clears its root-path cache, we purge the page cache


def local_path(request, target):
    """`target` if it is a path on this site (a safe `next`), else None. Only a path: redirect()
    would take anything else ("python") for a URL name to reverse, and fail."""
    target = target or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return None
