"""Page privacy inside a query, for listings that must not cost a query of their own."""

from django.db.models import Exists, OuterRef
from django.db.models.functions import Length, Substr
from wagtail.models import PageViewRestriction


def in_private_section():
    """Wagtail's .public() as a condition within the same query: a view restriction on the page or an ancestor."""
    prefix = Substr(OuterRef("path"), 1, Length("page__path"))
    return Exists(PageViewRestriction.objects.filter(page__path=prefix))
