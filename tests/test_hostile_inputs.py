"""Every input a visitor can type, fed hostile payloads: no response may be a server error.

One sweep on whichever database DATABASE_URL names (SQLite when it is unset), and the tests of
the defects it found: the wishlist's `next`, huge ids, the enquiry form's limits and its email.
"""

import time
from dataclasses import dataclass, field
from urllib.parse import quote, urlencode

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from wagtail.contrib.forms.models import FormSubmission

from blog.factories import make_index as make_blog_index
from blog.factories import make_post
from glossary.models import GlossaryIndexPage, GlossaryTermPage
from home import demo
from home.models import ContactPage
from home.tasks import send_enquiry_email
from learning.factories import make_course, make_index, make_student
from learning.reviews import Review
from tests.conftest import TEST_PASSWORD


@dataclass(frozen=True)
class Raw:
    """Already percent-encoded: bytes the client would otherwise encode for us (invalid UTF-8, stray %)."""

    encoded: str


PAYLOADS = [
    "",
    " ",
    " \t \n ",
    "a" * 50_000,
    "a" * 50_000 + "@example.com",
    "é" * 20_000,
    "9" * 5_000,
    "\x00",
    "a\x00b",
    "".join(chr(code) for code in range(1, 32)),
    "line one\r\nBcc: victim@example.com",
    "\n\nName: forged",
    "\u2028\u2029\x85\x0b\x0c",
    "\u202etxet desrever\u202c",
    "مرحبا بالعالم",
    "👩🏽‍💻🚀🔥",
    "Z\u0335\u0321\u031b\u0348" * 500,
    "\uffff\U0010ffff",
    "' OR '1'='1",
    "'; DROP TABLE wagtailcore_page; --",
    "\\",
    "title:(python) AND body:*",
    '{"query": {"match_all": {}}}',
    '"unterminated',
    '+-&&||!(){}[]^"~*?:\\/',
    "%s%s%s%n%x",
    "{0}{1}{__class__.__mro__}",
    "{{ 7*7 }}{% debug %}",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "../../../../etc/passwd",
    "//evil.example.com/",
    "https://evil.example.com/",
    "python",
    "99999999999999999999",
    "9223372036854775808",
    "2147483648",
    "-1",
    "0",
    "1.5",
    "1e400",
    "٣",
    "student@example.com",
    ["1", "2"],
    ["-1"] * 100,
    Raw("%FF%FE%FD"),
    Raw("%C0%AE%C0%AE%2F"),
    Raw("%"),
    Raw("%zz%1"),
    Raw("%ED%A0%80"),
    Raw("%E2%28%A1"),
]


def encode(field, payload):
    """field=payload as a query string, repeated for a list, verbatim for Raw."""
    if isinstance(payload, Raw):
        return f"{quote(field)}={payload.encoded}"
    return urlencode({field: payload}, doseq=True)


def in_path(payload):
    if isinstance(payload, Raw):
        return payload.encoded
    value = payload[0] if isinstance(payload, list) else payload
    return quote(value, safe="") or "%20"


@dataclass
class Endpoint:
    """A URL and the fields a visitor fills in; PATH is the payload in the URL itself ({} in url)."""

    name: str
    method: str
    url: str
    valid: dict = field(default_factory=dict)  # a valid value for every field
    student: bool = False
    reset: object = None  # called before each request

    def send(self, client, values):
        url = self.url.format(in_path(values[PATH])) if PATH in values else self.url
        query = "&".join(encode(name, value) for name, value in values.items() if name != PATH)
        if self.method == "GET":
            return client.get(f"{url}?{query}" if query else url)
        return client.post(url, data=query.encode("ascii"), content_type="application/x-www-form-urlencoded")


PATH = "<path>"


def surface(site):
    """The public surface, from cms/urls.py, learning/urls.py, the page types and their templates."""
    course, student = site["course"], site["student"]
    learning = f"/learning/courses/{course.pk}"
    review = site["review"]

    def fresh_review():
        # Each POST may create the one review allowed; the edit and delete pages need one.
        Review.objects.filter(user=student).exclude(pk=review.pk).delete()

    enquiry = {"name": "Ada", "email": "ada@example.org", "phone": "", "course": "", "message": "Hello"}
    catalogue = {"q": "python", "category": "software-development", "level": "beginner"} | {
        "format": "live_online",
        "min_rating": "4",
        "sort": "title",
        "page": "1",
    }
    return [
        Endpoint("page path", "GET", "/{}/", {PATH: "about"}),
        Endpoint("blog index", "GET", "/blog/", {"category": "backend", "tag": "django", "page": "1"}),
        Endpoint("glossary", "GET", "/glossary/", {"letter": "A"}),
        Endpoint("course catalogue", "GET", "/courses/", catalogue),
        Endpoint("course page", "GET", course.url, {"sort": "newest", "reviews": "1"}, student=True),
        Endpoint("course page reviews", "GET", course.url, {"sort": "helpful", "stars": "5", "reviews": "1"}),
        Endpoint("contact prefill", "GET", "/contact/", {"name": "Ada", "course": "Python"}),
        Endpoint("enquiry", "POST", "/contact/", enquiry),
        Endpoint("enquiry honeypot", "POST", "/contact/", enquiry | {"website": ""}),
        Endpoint("search", "GET", "/search/", {"q": "python", "type": "course", "page": "1"}),
        Endpoint("suggest", "GET", "/search/suggest/", {"q": "pyth"}),
        Endpoint("wishlist add", "POST", f"{learning}/wishlist/add/", {"next": "/learning/"}, student=True),
        Endpoint("wishlist remove", "POST", f"{learning}/wishlist/remove/", {"next": "/learning/"}, student=True),
        Endpoint("wishlist course id", "POST", "/learning/courses/{}/wishlist/add/", {PATH: str(course.pk)}, True),
        Endpoint("guest wishlist", "POST", f"{learning}/wishlist/add/", {"next": "/learning/"}),
        Endpoint("guest wishlist page", "GET", "/learning/courses/{}/wishlist/add/", {PATH: str(course.pk)}),
        Endpoint("helpful", "POST", "/learning/reviews/{}/helpful/", {PATH: str(site["theirs"].pk)}, True),
        Endpoint("report", "POST", f"/learning/reviews/{site['theirs'].pk}/report/", {"reason": "spam"}, True),
        Endpoint("report id", "GET", "/learning/reviews/{}/report/", {PATH: str(site["theirs"].pk)}, True),
        Endpoint(
            "API pages",
            "GET",
            "/api/v2/pages/",
            {"type": "learning.CoursePage", "fields": "rating", "search": "python", "limit": "5", "order": "title"},
        ),
        Endpoint("API page id", "GET", "/api/v2/pages/{}/", {PATH: str(course.pk)}),
        Endpoint("API catalogue", "GET", "/api/v2/catalogue/", catalogue),
        Endpoint("API reviews", "GET", f"/api/v2/courses/{course.pk}/reviews/", {"sort": "newest", "stars": "5"}),
        Endpoint("API reviews id", "GET", "/api/v2/courses/{}/reviews/", {PATH: str(course.pk)}),
        Endpoint("enrol course id", "POST", "/learning/courses/{}/enrol/", {PATH: str(course.pk)}, True),
        Endpoint("review course id", "GET", "/learning/courses/{}/review/", {PATH: str(course.pk)}, True),
        Endpoint(
            "review",
            "POST",
            f"/learning/courses/{site['other_course'].pk}/review/",
            {"rating": "4", "title": "", "body": "Clear."},
            student=True,
            reset=fresh_review,
        ),
        Endpoint("review edit", "POST", f"/learning/reviews/{review.pk}/edit/", {"rating": "3", "body": "Ok."}, True),
        # The delete page finds the review as the edit page does.
        Endpoint("review edit id", "GET", "/learning/reviews/{}/edit/", {PATH: str(review.pk)}, True),
        Endpoint(
            "login",
            "POST",
            "/accounts/login/",
            {"login": "ada", "password": TEST_PASSWORD, "remember": "on", "next": "/"},
        ),
        Endpoint("login page", "GET", "/accounts/login/", {"next": "/learning/"}),
        Endpoint(
            "signup",
            "POST",
            "/accounts/signup/",
            {
                "first_name": "Nell",
                "email": "new@example.org",
                "password1": "Un1que-pass-phrase",
                "password2": "Un1que-pass-phrase",
            },
        ),
        Endpoint("password reset", "POST", "/accounts/password/reset/", {"email": "ada@example.com"}),
        Endpoint("email confirmation key", "GET", "/accounts/confirm-email/{}/", {PATH: "abc"}),
        Endpoint("password reset key", "GET", "/accounts/password/reset/key/{}/", {PATH: "1-abc"}),
    ]


# allauth takes its forms from settings; cms/settings.py is to wire this (see test_settings_bound_the_login).


@pytest.fixture
def site(home_page):
    """A page of each type, with content, and a verified student with a review (conftest's quick hasher)."""
    demo.load_pages(home_page)
    blog = make_blog_index(home_page)
    make_post(blog, "Deploying Django", tags=["django"], categories=["backend"])
    glossary = home_page.add_child(instance=GlossaryIndexPage(title="Glossary", slug="glossary", intro="Words."))
    glossary.add_child(instance=GlossaryTermPage(title="API", slug="api", short_definition="An interface."))
    index = make_index(home_page)
    course = make_course(index, category="Software development")
    other_course = make_course(index, "Data engineering")
    student = make_student("ada", TEST_PASSWORD)
    review = Review.objects.create(course=course, user=student, rating=4, body="Good.")
    # Another student's published review, for "helpful" and reports.
    theirs = Review.objects.create(
        course=course, user=make_student("grace"), rating=5, body="Great.", status="approved"
    )
    return {"course": course, "other_course": other_course, "student": student, "review": review, "theirs": theirs}


def test_no_input_gives_a_server_error(site, settings):
    """Each payload goes into every field of a form at once; a server error is then retried field by
    field, the others valid, to name the field (or the combination, when no field alone fails)."""
    assert len(PAYLOADS) >= 50
    visitor = Client(raise_request_exception=False)
    student = Client(raise_request_exception=False)
    student.force_login(site["student"])
    failures, started, cpu = [], time.monotonic(), time.process_time()

    def status(endpoint, values):
        cache.clear()  # rate limits (enquiries, reviews, allauth) would answer 429 instead
        visitor.cookies.clear()  # a signup or login that succeeded must not change the next request
        if endpoint.reset:
            endpoint.reset()
        return endpoint.send(student if endpoint.student else visitor, values).status_code

    for endpoint in surface(site):
        for payload in PAYLOADS:
            code = status(endpoint, dict.fromkeys(endpoint.valid, payload))
            if code < 500:
                continue
            alone = [name for name in endpoint.valid if status(endpoint, endpoint.valid | {name: payload}) >= 500]
            fields = ", ".join(alone) or "all fields together"
            failures.append(f"{endpoint.name} [{fields}] <- {repr(payload)[:60]}: {code}")
    print(f"sweep: {time.monotonic() - started:.1f} s, {time.process_time() - cpu:.1f} s of CPU")
    assert not failures, f"{len(failures)} server errors:\n" + "\n".join(failures)


# The defects the sweep found, each on its own.


@pytest.fixture
def student_client(site, client):
    client.force_login(site["student"])
    return client


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/learning/", "/learning/"),
        ("/courses/?level=beginner", "/courses/?level=beginner"),
        ("python", None),  # a URL name to redirect(): NoReverseMatch, a 500
        ("https://evil.example.com/", None),
        ("//evil.example.com/", None),
        ("", None),
    ],
)
def test_wishlist_returns_to_a_path_on_this_site_or_to_the_course(site, student_client, target, expected):
    course = site["course"]
    for action in ("add", "remove"):
        response = student_client.post(f"/learning/courses/{course.pk}/wishlist/{action}/", {"next": target})
        assert response.status_code == 302
        assert response["Location"] == (expected or course.url)


@pytest.mark.parametrize("course_id", ["99999999999999999999", "9223372036854775808", "2147483648", "0"])
def test_a_course_id_beyond_any_page_is_not_found(site, student_client, course_id):
    for action in ("wishlist/add", "wishlist/remove", "enrol", "review"):
        assert student_client.post(f"/learning/courses/{course_id}/{action}/").status_code == 404


def test_an_overlong_login_is_refused_with_a_message(site, client):
    response = client.post("/accounts/login/", {"login": "a" * 50_000 + "@example.com", "password": "x"})
    assert response.status_code == 200
    assert "That is longer than any username or email address we have." in response.content.decode()
    response = client.post("/accounts/login/", {"login": "ada", "password": TEST_PASSWORD})
    assert response.status_code == 302  # the bound leaves real logins alone


def enquiry(**overrides):
    return {
        "name": "Ada Lovelace",
        "email": "ada@example.org",
        "phone": "",
        "course": "",
        "message": "Hello",
    } | overrides


@pytest.mark.parametrize(
    ("field", "limit", "message"),
    [("message", 5000, "under 5,000 characters"), ("name", 255, "under 255 characters"), ("course", 255, "under 255")],
)
def test_enquiry_fields_have_a_length_limit_with_a_message(site, client, field, limit, message):
    response = client.post("/contact/", enquiry(**{field: "x" * (limit + 1)}))
    assert response.status_code == 200 and message in response.content.decode()
    assert not FormSubmission.objects.exists()
    assert f'maxlength="{limit}"' in client.get("/contact/").content.decode()
    client.post("/contact/", enquiry(**{field: "x" * limit}))
    assert FormSubmission.objects.count() == 1


def email_for(submission_id, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox.clear()
    send_enquiry_email(submission_id)
    (message,) = mail.outbox
    return message.body.split("\n")


FIELD_LABELS = ["Name", "Email", "Phone", "Course", "Message", "Received"]


def labels(lines):
    """The lines that read as a field: those that do not start with the continuation indent."""
    return [line.split(":", 1)[0] for line in lines if not line.startswith(" ")]


def test_a_line_break_in_a_one_line_field_cannot_forge_a_line_of_the_email(
    site, client, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    name = "Ada\r\nEmail: forged@example.com\u2028Course: Free\x85Phone: 0"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/contact/", enquiry(name=name, course="Python\nbackend"))
    assert response.status_code == 200
    assert FormSubmission.objects.get().get_data()["name"] == "Ada Email: forged@example.com Course: Free Phone: 0"
    (message,) = mail.outbox
    lines = message.body.split("\n")
    assert lines[0] == "Name: Ada Email: forged@example.com Course: Free Phone: 0"
    assert "Course: Python backend" in lines
    assert labels(lines) == FIELD_LABELS


def test_a_multi_line_message_is_indented_in_the_email(site, client, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    text = "Hello,\r\nName: Mallory\n\nEmail: forged@example.com\rThanks"
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/contact/", enquiry(message=text))
    lines = mail.outbox[0].body.split("\n")
    start = lines.index("Message: Hello,")
    assert lines[start + 1 : start + 5] == ["    Name: Mallory", "    ", "    Email: forged@example.com", "    Thanks"]
    assert labels(lines) == FIELD_LABELS


def test_the_task_indents_line_breaks_whatever_the_stored_submission_holds(site, settings):
    """A submission stored before one-line fields were cleaned may hold breaks anywhere."""
    data = enquiry(name="Ada\nEmail: forged@example.com", message="Hi\u2029Course: Free")
    submission = FormSubmission.objects.create(page=ContactPage.objects.get(slug="contact"), form_data=data)
    lines = email_for(submission.pk, settings)
    assert lines[:2] == ["Name: Ada", "    Email: forged@example.com"]
    assert labels(lines) == FIELD_LABELS
