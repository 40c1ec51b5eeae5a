"""Marketing pages (home, standard, contact) and the site-wide settings editors control."""

from django.db import models, transaction
from django.http import Http404
from django.template.response import TemplateResponse
from django.templatetags.static import static
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField, FormMixin
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, Site
from wagtail.search import index

from home import enquiries, outbox, site_url
from home.blocks import BodyBlock, LinkBlock
from home.forms import EnquiryFormBuilder
from home.outbox import OutboxMessage  # noqa: F401 - the model lives in its own module


def has_subpage_route(page, path_components):
    """Whether a routable page has its own route for this path (the class knows: no query)."""
    if not (page.live and issubclass(page.specific_class, RoutablePageMixin)):
        return False
    try:
        page.specific_class.get_resolver().resolve("/" + "".join(f"{part}/" for part in path_components))
    except Http404:
        return False
    return True


class HomePage(Page):
    """The site's root page: a hero, a body of blocks and slots the other apps fill."""

    hero_heading = models.CharField(max_length=120, blank=True, help_text="Defaults to the page title.")
    hero_intro = models.TextField(blank=True, help_text="One or two sentences under the heading.")
    hero_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hero_links = StreamField([("link", LinkBlock())], blank=True, max_num=2, help_text="Up to two buttons.")
    body = StreamField(BodyBlock(), blank=True)

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("hero_heading"), FieldPanel("hero_intro"), FieldPanel("hero_image"), FieldPanel("hero_links")],
            heading="Hero",
        ),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("hero_intro"), index.SearchField("body")]

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    @property
    def social_image(self):
        return self.hero_image

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["site_json_ld"] = site_json_ld(request)
        return context

    def route(self, request, path_components):
        # Wagtail walks the tree one level at a time (two queries per level). Here the pages
        # along the path are found in one go (two queries), and the deepest routes what is
        # left of the path itself. As in Wagtail, a routable page's own sub-routes
        # (/blog/feed/) come before its children: that page routes if one matches the rest.
        if not path_components:
            return super().route(request, path_components)
        prefixes = [f"{self.url_path}{'/'.join(path_components[:n])}/" for n in range(1, len(path_components) + 1)]
        pages = list(Page.objects.filter(url_path__in=prefixes).order_by("depth"))
        if not pages:
            raise Http404
        page = pages[-1]
        for candidate in pages[:-1]:
            if has_subpage_route(candidate, path_components[candidate.depth - self.depth :]):
                page = candidate
                break
        return page.specific.route(request, path_components[page.depth - self.depth :])


class StandardPage(Page):
    """About, policies and any other marketing page."""

    intro = models.TextField(blank=True)
    body = StreamField(BodyBlock(), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]


class EnquiryField(AbstractFormField):
    page = ParentalKey("ContactPage", on_delete=models.CASCADE, related_name="form_fields")


class ContactPage(AbstractEmailForm):
    """An enquiry form: submissions are stored first, then staff are emailed by a Celery task."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])
    thank_you_text = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = AbstractEmailForm.content_panels + [
        FormSubmissionsPanel(),
        FieldPanel("intro"),
        InlinePanel("form_fields", label="Form fields"),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("from_address"), FieldPanel("to_address")]), FieldPanel("subject")],
            heading="Staff notification email",
        ),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    form_builder = EnquiryFormBuilder

    def serve(self, request, *args, **kwargs):
        if request.method == "POST":
            if request.POST.get(enquiries.HONEYPOT_FIELD):
                # Only bots fill the hidden field: thank them and keep nothing.
                return self.render_landing_page(request)
            if not enquiries.allowed(request):
                context = self.get_context(request)
                context["form"] = self.get_form(request.POST, page=self, user=request.user)
                context["rate_limited"] = True
                return TemplateResponse(request, self.get_template(request), context, status=429)
            response = super().serve(request, *args, **kwargs)
            if response.context_data.get("form_submission"):
                enquiries.count(request)
            return response
        # Links may prefill fields, e.g. /contact/?course=Python+backend+development
        context = self.get_context(request)
        initial = enquiries.initial_from(self.get_form_fields(), request.GET)
        context["form"] = self.get_form(page=self, user=request.user, initial=initial)
        return TemplateResponse(request, self.get_template(request), context)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["honeypot_field"] = enquiries.HONEYPOT_FIELD
        return context

    def process_form_submission(self, form):
        # Store the enquiry first; email after commit so a failing mail server loses nothing.
        from home.tasks import send_enquiry_email

        with transaction.atomic():  # the enquiry and its email are stored together, or neither
            submission = FormMixin.process_form_submission(self, form)
            if self.to_address:
                outbox.enqueue(send_enquiry_email, submission.pk)
        return submission


def site_json_ld(request):
    """schema.org Organization and WebSite (with its search, for a search box in results) for the home page."""
    institute = SiteSettings.for_request(request)
    root = site_url.root_url(request)
    site = Site.find_for_request(request)
    name = institute.institute_name or (site.site_name if site else "") or "Lectern"  # as the page's title says
    organization = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": name,
        "url": f"{root}/",
        "logo": site_url.absolute(static("img/favicon.svg"), request),
    }
    if institute.contact_email:
        organization["email"] = institute.contact_email
    if institute.phone:
        organization["telephone"] = institute.phone
    profiles = [institute.linkedin_url, institute.x_url, institute.facebook_url, institute.youtube_url]
    if any(profiles):
        organization["sameAs"] = [url for url in profiles if url]
    website = {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": name,
        "url": f"{root}/",
        "potentialAction": {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": f"{root}/search/?q={{search_term_string}}"},
            "query-input": "required name=search_term_string",
        },
    }
    return [organization, website]


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """The institute's details, its menus and footer, edited under Settings → Site settings."""

    institute_name = models.CharField(max_length=120, blank=True, help_text="Defaults to the site name.")
    logo = models.ForeignKey("wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    contact_email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    address = models.TextField(blank=True)
    linkedin_url = models.URLField("LinkedIn", blank=True)
    x_url = models.URLField("X", blank=True)
    facebook_url = models.URLField("Facebook", blank=True)
    youtube_url = models.URLField("YouTube", blank=True)
    instagram_url = models.URLField("Instagram", blank=True)
    main_menu = StreamField([("link", LinkBlock())], blank=True)
    footer_links = StreamField([("link", LinkBlock())], blank=True)
    footer_text = models.TextField(blank=True)
    autolink_glossary_terms = models.BooleanField(
        "link glossary terms automatically",
        default=True,
        help_text="Link the first mention of each glossary term in articles and courses to its glossary entry.",
    )

    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    FieldPanel("institute_name"),
                    FieldPanel("logo"),
                    FieldPanel("contact_email"),
                    FieldPanel("phone"),
                    FieldPanel("address"),
                ],
                heading="Institute",
            ),
            ObjectList([FieldPanel("main_menu")], heading="Main menu"),
            ObjectList(
                [
                    FieldPanel("footer_links"),
                    FieldPanel("footer_text"),
                    MultiFieldPanel(
                        [
                            FieldPanel("linkedin_url"),
                            FieldPanel("x_url"),
                            FieldPanel("facebook_url"),
                            FieldPanel("youtube_url"),
                            FieldPanel("instagram_url"),
                        ],
                        heading="Social links",
                    ),
                ],
                heading="Footer",
            ),
            ObjectList([FieldPanel("autolink_glossary_terms")], heading="Glossary"),
        ]
    )

    class Meta:
        verbose_name = "site settings"

    def social_links(self):
        names = [("LinkedIn", self.linkedin_url), ("X", self.x_url), ("Facebook", self.facebook_url)]
        names += [("YouTube", self.youtube_url), ("Instagram", self.instagram_url)]
        return [(name, url) for name, url in names if url]
