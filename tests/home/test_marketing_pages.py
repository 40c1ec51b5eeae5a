"""Marketing pages: home, standard and contact pages, site settings, breadcrumbs, SEO, sitemap, robots."""

import xml.etree.ElementTree as ET

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.contrib.forms.models import FormSubmission

from home import demo
from home.models import ContactPage, SiteSettings, StandardPage


@pytest.fixture
def site_pages(home_page):
    demo.load_pages(home_page)
    demo.load_navigation()
    return {
        "home": home_page,
        "about": StandardPage.objects.get(slug="about"),
        "contact": ContactPage.objects.get(slug="contact"),
    }


def enquiry(**overrides):
    data = {"name": "Ada Lovelace", "email": "ada@example.org", "phone": "", "course": "", "message": "Hello!"}
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_home_page_shows_hero_body_and_navigation(client, site_pages):
    html = client.get("/").content.decode()
    assert "Become the developer teams want to hire" in html
    assert "<summary>Do I need to know Python already?</summary>" in html
    assert "<dt>Django</dt>" in html
    # The main menu and footer come from the site settings.
    nav = html.split('aria-label="Main"', 1)[1].split("</nav>", 1)[0]
    assert 'href="/about/"' in nav and 'href="/contact/"' in nav
    assert "hello@example.com" in html and "4 Harbour Walk" in html


@pytest.mark.django_db
def test_settings_changes_show_at_once(client, site_pages):
    row = SiteSettings.objects.get()
    row.footer_text = "Open every weekday."
    row.main_menu = [("link", {"label": "Partners", "page": None, "url": "https://partners.example.org/"})]
    row.save()
    html = client.get("/about/").content.decode()
    assert "Open every weekday." in html
    assert 'href="https://partners.example.org/">Partners</a>' in html
    assert 'href="/contact/">Contact us</a></li>\n' not in html.split("</nav>", 1)[0]


@pytest.mark.django_db
def test_breadcrumbs_below_the_home_page_only(client, site_pages):
    about = client.get("/about/").content.decode()
    assert 'aria-label="Breadcrumb"' in about
    assert '<li><a href="/">Home</a></li>' in about and '<span aria-current="page">About us</span>' in about
    assert 'aria-label="Breadcrumb"' not in client.get("/").content.decode()


@pytest.mark.django_db
def test_seo_tags(client, site_pages):
    about = site_pages["about"]
    about.seo_title = "About the Kestrel Institute"
    about.search_description = "Who we are and how we teach."
    about.save_revision().publish()
    html = client.get("/about/").content.decode()
    root = about.get_site().root_url
    assert "<title>About the Kestrel Institute | Kestrel Institute of Technology</title>" in html
    assert '<meta name="description" content="Who we are and how we teach.">' in html
    assert f'<link rel="canonical" href="{root}/about/">' in html
    assert '<meta property="og:title" content="About the Kestrel Institute">' in html
    assert f'<meta property="og:url" content="{root}/about/">' in html
    assert '<meta name="twitter:card" content="summary">' in html


@pytest.mark.django_db
def test_sitemap_lists_every_live_page(client, site_pages):
    draft = site_pages["home"].add_child(instance=StandardPage(title="Draft", slug="draft", live=False))
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = {loc.text for loc in ET.fromstring(response.content).findall("s:url/s:loc", namespace)}
    root = draft.get_site().root_url
    assert locations == {f"{root}/", f"{root}/about/", f"{root}/contact/"}
    assert draft.url_path not in str(locations)


@pytest.mark.django_db
def test_robots_points_at_the_sitemap(client, site_pages):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    root = site_pages["home"].get_site().root_url  # the Site's address, not the request's host
    assert f"Sitemap: {root}/sitemap.xml" in response.content.decode()
    assert "Disallow: /admin/" in response.content.decode()


@pytest.mark.django_db
def test_page_queries_stay_flat(client, site_pages):
    def queries(url):
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    client.get("/")  # the first view ever renders the hero image's rendition
    home_queries = queries("/")
    for number in range(15):
        site_pages["home"].add_child(instance=StandardPage(title=f"Policy {number}", slug=f"policy-{number}"))
    assert queries("/") == home_queries <= 15
    assert queries("/about/") <= 15


@pytest.mark.django_db
def test_enquiry_is_stored_and_staff_emailed_after_commit(client, site_pages, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post("/contact/", enquiry(course="Python backend development"))
    assert response.status_code == 200
    assert "An adviser will reply within one working day." in response.content.decode()
    submission = FormSubmission.objects.get()
    assert submission.get_data()["course"] == "Python backend development"
    assert len(callbacks) == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["admissions@example.com"]
    assert message.reply_to == ["ada@example.org"]
    assert "Name: Ada Lovelace" in message.body and "Message: Hello!" in message.body


@pytest.mark.django_db
def test_enquiry_kept_when_the_mail_server_fails(client, site_pages, django_capture_on_commit_callbacks, settings):
    settings.EMAIL_BACKEND = "tests.failing_email.Backend"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/contact/", enquiry())
    # The visitor still gets the thank-you page; the enquiry is stored for the admin.
    assert response.status_code == 200
    assert "Thank you" in response.content.decode()
    assert FormSubmission.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "field"),
    [(enquiry(name=""), "Name"), (enquiry(email="not-an-address"), "Email"), (enquiry(message=""), "Message")],
)
def test_invalid_enquiry_shows_the_form_again(client, site_pages, data, field):
    response = client.post("/contact/", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Please correct the 1 field marked below." in html
    assert 'class="form__error"' in html
    assert data["message"] in html or field == "Message"
    assert FormSubmission.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_honeypot_drops_the_submission_silently(client, site_pages):
    response = client.post("/contact/", enquiry(website="http://spam.example"))
    assert response.status_code == 200
    assert "Thank you" in response.content.decode()
    assert FormSubmission.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_rate_limit_per_address(client, site_pages):
    for number in range(5):
        assert client.post("/contact/", enquiry(message=f"Enquiry {number}")).status_code == 200
    response = client.post("/contact/", enquiry(message="One too many"), REMOTE_ADDR="127.0.0.1")
    assert response.status_code == 429
    html = response.content.decode()
    assert "paused the form" in html
    assert "One too many" in html  # what the visitor typed is still there
    assert FormSubmission.objects.count() == 5
    # Another address is not affected.
    assert client.post("/contact/", enquiry(), REMOTE_ADDR="10.1.2.3").status_code == 200


@pytest.mark.django_db
def test_links_prefill_the_course_field(client, site_pages):
    html = client.get("/contact/", {"course": "Data engineering <b>"}).content.decode()
    assert 'value="Data engineering &lt;b&gt;"' in html


@pytest.mark.django_db
def test_submissions_are_exportable_in_the_admin(client, site_pages, demo_users):
    client.post("/contact/", enquiry())
    client.force_login(demo_users["admin"])
    contact = site_pages["contact"]
    response = client.get(f"/admin/forms/submissions/{contact.pk}/", {"export": "csv"})
    assert response.status_code == 200
    assert "Ada Lovelace" in b"".join(response.streaming_content).decode()
