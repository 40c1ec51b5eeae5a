"""The block library: every page type in the project builds its body from these blocks."""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from rest_framework.fields import Field
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock

RICH_TEXT_FEATURES = ["h3", "h4", "bold", "italic", "link", "document-link", "ol", "ul", "hr", "code"]
WORDS_PER_MINUTE = 200
FORMATTER = HtmlFormatter(cssclass="code", wrapcode=True)


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=200)
    # The level is layout, not content: kept out of the search index and its snippets.
    level = blocks.ChoiceBlock(
        choices=[("h2", "Section (h2)"), ("h3", "Subsection (h3)")], default="h2", search_index=False
    )

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["anchor"] = slugify(value["text"])
        return context

    class Meta:
        icon = "title"
        template = "home/blocks/heading.html"


class CaptionedImageBlock(blocks.StructBlock):
    # Wagtail's ImageBlock asks for alt text or a "decorative" tick.
    image = ImageBlock()
    caption = blocks.CharBlock(required=False, max_length=250)

    class Meta:
        icon = "image"
        template = "home/blocks/image.html"


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock()
    attribution = blocks.CharBlock(required=False, max_length=120)

    class Meta:
        icon = "openquote"
        template = "home/blocks/quote.html"


class LinkValue(blocks.StructValue):
    def href(self, request=None):
        page = self.get("page")
        return page.get_url(request=request) if page else self.get("url")


def validate_link(value):
    """A full web address, or a path on this site such as /courses/?level=beginner."""
    if value.startswith("/") and not value.startswith("//"):
        return
    URLValidator(schemes=["http", "https"])(value)


class LinkBlock(blocks.StructBlock):
    """A label and exactly one target: a page of the site or a URL."""

    label = blocks.CharBlock(max_length=60)
    page = blocks.PageChooserBlock(required=False)
    url = blocks.CharBlock(
        required=False,
        max_length=500,
        validators=[validate_link],
        label="URL",
        help_text="Used when no page is chosen: a full address or a path such as /courses/.",
    )

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            message = "Choose a page or enter a URL (one of them)."
            raise blocks.StructBlockValidationError(
                block_errors={"page": ValidationError(message), "url": ValidationError(message)}
            )
        return value

    class Meta:
        icon = "link"
        value_class = LinkValue


class CallToActionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120)
    text = blocks.TextBlock(required=False)
    link = LinkBlock()

    class Meta:
        icon = "pick"
        template = "home/blocks/call_to_action.html"


class FeatureListBlock(blocks.StructBlock):
    title = blocks.CharBlock(required=False, max_length=120)
    features = blocks.ListBlock(
        blocks.StructBlock([("title", blocks.CharBlock(max_length=120)), ("text", blocks.TextBlock())])
    )

    class Meta:
        icon = "list-ul"
        template = "home/blocks/feature_list.html"


class TechnologyGroupsBlock(blocks.StructBlock):
    title = blocks.CharBlock(required=False, max_length=120)
    groups = blocks.ListBlock(
        blocks.StructBlock(
            [
                ("category", blocks.CharBlock(max_length=80)),
                (
                    "items",
                    blocks.ListBlock(
                        blocks.StructBlock(
                            [
                                ("name", blocks.CharBlock(max_length=80)),
                                ("description", blocks.CharBlock(required=False, max_length=200)),
                            ]
                        )
                    ),
                ),
            ]
        )
    )

    class Meta:
        icon = "group"
        template = "home/blocks/technology_groups.html"


class HighlightsBlock(blocks.StructBlock):
    title = blocks.CharBlock(required=False, max_length=120)
    items = blocks.ListBlock(
        blocks.StructBlock([("label", blocks.CharBlock(max_length=60)), ("value", blocks.CharBlock(max_length=120))])
    )

    class Meta:
        icon = "pick"
        template = "home/blocks/highlights.html"


class FAQBlock(blocks.StructBlock):
    title = blocks.CharBlock(required=False, max_length=120, default="Frequently asked questions")
    questions = blocks.ListBlock(
        blocks.StructBlock(
            [
                ("question", blocks.CharBlock(max_length=250)),
                ("answer", blocks.RichTextBlock(features=RICH_TEXT_FEATURES)),
            ]
        )
    )

    class Meta:
        icon = "help"
        label = "FAQ"
        template = "home/blocks/faq.html"


class CodeBlock(blocks.StructBlock):
    LANGUAGES = [
        ("python", "Python"),
        ("bash", "Shell"),
        ("javascript", "JavaScript"),
        ("html", "HTML"),
        ("css", "CSS"),
        ("sql", "SQL"),
        ("json", "JSON"),
        ("yaml", "YAML"),
        ("text", "Plain text"),
    ]
    language = blocks.ChoiceBlock(choices=LANGUAGES, default="python", search_index=False)
    code = blocks.TextBlock(form_classname="monospace")

    def render_basic(self, value, context=None):
        return highlighted(value["code"], value["language"])

    class Meta:
        icon = "code"


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, icon="pilcrow", template="home/blocks/rich_text.html")
    image = CaptionedImageBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
    feature_list = FeatureListBlock()
    technology_groups = TechnologyGroupsBlock()
    highlights = HighlightsBlock()
    faq = FAQBlock()
    embed = EmbedBlock(icon="media", template="home/blocks/embed.html")
    table = TableBlock(template="home/blocks/table.html")
    code = CodeBlock()


def highlighted(code, language):
    """Code as HTML with Pygments' CSS classes (styles in static/css/lectern.css)."""
    return mark_safe(highlight(code, get_lexer_by_name(language), FORMATTER))


def plain_text(stream_value):
    """The words of a body, through Wagtail's own searchable-content walk."""
    return " ".join(stream_value.stream_block.get_searchable_content(stream_value))


def reading_minutes(*texts):
    """Whole minutes to read `texts` at an ordinary pace, never less than one."""
    words = sum(len(text.split()) for text in texts)
    return max(1, round(words / WORDS_PER_MINUTE))


class RenderedField(Field):
    """A StreamField in the read API as the HTML its page shows, for apps that do not know the blocks."""

    def to_representation(self, value):
        return str(value)
