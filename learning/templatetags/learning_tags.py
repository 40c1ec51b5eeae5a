from django import template
from django.utils import timezone

from learning.catalogue import database

register = template.Library()


@register.inclusion_tag("learning/includes/stars.html")
def stars(average, count=None):
    """Five stars filled to the nearest half, with the number for screen readers."""
    average = average or 0
    full = int(average)
    half = average - full >= 0.5
    shapes = ["full"] * full + (["half"] if half else []) + ["empty"] * (5 - full - (1 if half else 0))
    return {"average": average, "count": count, "shapes": shapes}


@register.inclusion_tag("learning/includes/featured_courses.html", takes_context=True)
def featured_courses(context, limit=3):
    """Courses editors marked as featured, newest first, topped up with the newest others."""
    courses = list(database.base_queryset(timezone.localdate()).order_by("-featured", "-first_published_at")[:limit])
    request = context.get("request")
    return {"hits": [database.hit(course, request=request) for course in courses], "request": request}


@register.simple_tag
def query_with(request, **changes):
    """The current query string with some keys changed (None or "" removes them) and the page reset."""
    params = request.GET.copy()
    params.pop("page", None)
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"
