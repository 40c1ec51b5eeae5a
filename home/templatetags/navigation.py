from django import template

register = template.Library()


@register.inclusion_tag("includes/breadcrumbs.html")
def breadcrumbs(page):
    """The trail from the home page down to `page`: one query, nothing on the home page itself."""
    ancestors = list(page.get_ancestors().filter(depth__gte=2)) if page.depth > 2 else []
    return {"ancestors": ancestors, "page": page}
