from django import template
from django.utils.safestring import mark_safe

from glossary.autolink import link_terms_cached
from home.models import SiteSettings

register = template.Library()


def autolink_enabled(request):
    """The site's setting; on where there is no request or no site to ask."""
    try:
        # The same row the page's header and footer read: memoised on the request, no extra query.
        return SiteSettings.for_request(request).autolink_glossary_terms if request else True
    except SiteSettings.DoesNotExist:
        return True


class GlossaryLinksNode(template.Node):
    def __init__(self, nodelist, page):
        self.nodelist = nodelist
        self.page = page

    def render(self, context):
        html = self.nodelist.render(context)
        if not autolink_enabled(context.get("request")):
            return html
        page = self.page.resolve(context) if self.page else context.get("page")
        return mark_safe(link_terms_cached(html, current_page=page))


@register.tag
def glossary_links(parser, token):
    """{% glossary_links page %}…rendered HTML…{% endglossary_links %}: glossary terms in it become links.

    Off when the site's glossary setting says so; `page` (default: the context's page) is never linked to itself.
    """
    bits = token.split_contents()
    if len(bits) > 2:
        raise template.TemplateSyntaxError(f"{bits[0]} takes at most one argument, the current page")
    nodelist = parser.parse(("endglossary_links",))
    parser.delete_first_token()
    return GlossaryLinksNode(nodelist, parser.compile_filter(bits[1]) if len(bits) == 2 else None)
