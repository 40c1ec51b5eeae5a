from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page


class HomePage(Page):
    """The site's root page. The marketing-pages work gives it a hero and body."""

    intro = models.TextField(blank=True, help_text="One or two sentences under the page title.")

    content_panels = Page.content_panels + [FieldPanel("intro")]

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
