from django import template

from home import navigation, sharing, site_url

register = template.Library()

# Page URLs are worked out through the request: Wagtail keeps the sites' root paths on it, so a
# page renders with one cache read for them instead of one per link (each a Redis round trip).


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, page):
    """The trail from the home page down to `page`: one query, nothing on the home page itself."""
    return {"ancestors": navigation.trail(page), "page": page, "request": context.get("request")}


@register.simple_tag(takes_context=True)
def breadcrumb_list(context, ancestors, page):
    """The trail as a schema.org BreadcrumbList, for search engines."""
    return navigation.breadcrumb_list(ancestors, page, context.get("request"))


@register.simple_tag(takes_context=True)
def link_href(context, link):
    """A LinkBlock's target, worked out with the request as {% pageurl %} does."""
    return link.href(context.get("request"))


@register.simple_tag(takes_context=True)
def full_url(context, page):
    """`page.full_url`, or None for anything that is not a page."""
    get_full_url = getattr(page, "get_full_url", None)
    return get_full_url(request=context.get("request")) if get_full_url else None


@register.simple_tag(takes_context=True)
def absolute_url(context, url):
    """`url` made absolute with the Site's root (see home.site_url), not the request's host."""
    return site_url.absolute(url, context.get("request"))


@register.inclusion_tag("components/share.html", takes_context=True)
def share(context, page, heading):
    """The page's link to copy and its share links, with the Site's address (home.site_url)."""
    url = page.get_full_url(request=context.get("request")) or ""
    return {"heading": heading, "share_url": url, "share_links": sharing.share_links(url, page.title)}
