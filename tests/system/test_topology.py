"""The production topology on this machine, driven over HTTP: gunicorn, a Celery worker and beat started as the
README says, Redis as cache and broker, PostgreSQL, an SMTP catcher.

The tests run in file order against one topology: emails reach their recipients through the worker, site search
answers from what the worker indexed, and the site keeps serving and accepting enquiries and reviews while Redis
is down, their emails following once it is back, each exactly once.
"""

import json
import re
import time
import uuid

import pytest
import requests

from home.demo_content import contact_page
from tests.system.client import Visitor
from tests.system.topology import DEMO_PASSWORD, SECOND_STUDENT, wait_for

pytestmark = pytest.mark.system

MAIL_WAIT = 30  # seconds for an email to arrive while everything is up
RECOVERY_WAIT = 90  # seconds for the outage's emails to arrive once Redis is back
SETTLE = 10  # seconds more, for any duplicate to show
FAST = 2.0  # seconds: the most a visitor may wait for a submission during the outage


def card_links(html, css_class):
    return list(dict.fromkeys(re.findall(rf'class="{css_class}"><a href="([^"]+)"', html)))


def moderators(topology):
    rows = topology.query(
        "SELECT DISTINCT u.email FROM auth_user u JOIN auth_user_groups ug ON ug.user_id = u.id "
        "JOIN auth_group g ON g.id = ug.group_id WHERE g.name = 'Moderators' AND u.email <> '' AND u.is_active"
    )
    assert rows, "no demo moderator has an email address"
    return sorted(email for (email,) in rows)


def contact_path(visitor):
    """The contact page, found through the home page's links."""
    return next(href for href in re.findall(r'href="(/[^"]*contact[^"]*/)"', visitor.get("/").text))


def submit_timed(visitor, path, values):
    """Fill the form at `path` that has these fields, submit it; (response, seconds it took)."""
    form = visitor.form(path, next(iter(values)))
    assert set(values) <= set(form["fields"]), f"unexpected form fields at {path}: {form['fields']}"
    started = time.monotonic()
    response = visitor.submit(form, values)
    return response, time.monotonic() - started


def send_enquiry(visitor, path, marker):
    values = {"email": f"sam+{marker}@example.com", "name": "Sam System", "message": f"Group booking? {marker}"}
    return submit_timed(visitor, path, values)


def review_target(visitor):
    """A course the logged-in visitor has not reviewed: (id, title, review form path)."""
    for course_path in card_links(visitor.get("/courses/").text, "course-card__title"):
        html = visitor.get(course_path).text
        found = re.search(r'href="(/learning/courses/(\d+)/review/)"', html)
        if found:
            title = re.search(r"<h1[^>]*>([^<]+)</h1>", html).group(1).strip()
            return int(found.group(2)), title, found.group(1)
    raise AssertionError("every course is reviewed already by this visitor")


def send_review(visitor, form_path, marker):
    values = {"rating": "4", "title": f"Solid course {marker}", "body": f"Clear and well paced. {marker}"}
    return submit_timed(visitor, form_path, values)


def expected_email(topology, subject, recipient, marker):
    topology.expected_emails.append((subject, recipient, marker))


def arrived(topology, subject, recipient, marker):
    return topology.mail.matching(subject, recipient, marker)


def test_enquiry_reaches_the_staff(topology):
    contact = contact_page()[1]
    marker = uuid.uuid4().hex
    visitor = Visitor(topology.base_url, topology.requests)
    response, _ = send_enquiry(visitor, contact_path(visitor), marker)
    assert response.status_code == 200 and "Thank you" in response.text, response.text[:2000]
    expected_email(topology, contact["subject"], contact["to_address"], marker)
    wait_for(
        f"the enquiry email to {contact['to_address']}",
        lambda: arrived(topology, contact["subject"], contact["to_address"], marker),
        timeout=MAIL_WAIT,
    )


def test_review_reaches_the_moderators(topology):
    student = Visitor(topology.base_url, topology.requests)
    student.login("student", DEMO_PASSWORD)
    _, title, form_path = review_target(student)
    marker = uuid.uuid4().hex
    response, _ = send_review(student, form_path, marker)
    assert response.status_code == 302, response.text[:2000]
    for recipient in moderators(topology):
        expected_email(topology, f"New review of {title}", recipient, marker)
        wait_for(
            f"the new-review email to {recipient}",
            lambda recipient=recipient: arrived(topology, f"New review of {title}", recipient, marker),
            timeout=MAIL_WAIT,
        )


def test_application_reaches_admissions_and_the_applicant(topology):
    """A visitor applies for an open cohort found through the catalogue; both emails leave through the worker."""
    visitor = Visitor(topology.base_url, topology.requests)
    catalogue = visitor.get("/courses/?open=1&sort=soonest").text
    for course_path in card_links(catalogue, "course-card__title"):
        found = re.search(r'href="(/learning/cohorts/(\d+)/apply/)"', visitor.get(course_path).text)
        if found:
            break
    else:
        raise AssertionError("no course in the demo has a paid cohort open for applications")
    ((title, start),) = topology.query(
        "SELECT p.title, c.start_date FROM learning_cohort c JOIN wagtailcore_page p ON p.id = c.page_id "
        "WHERE c.id = %s",
        (int(found.group(2)),),
    )
    marker = uuid.uuid4().hex
    applicant = f"sam+{marker}@example.com"
    values = {"name": f"Sam {marker}", "email": applicant, "phone": "", "message": "Evenings suit me."}
    response, _ = submit_timed(visitor, found.group(1), values)
    assert response.status_code == 302, response.text[:2000]
    (staff,) = topology.query("SELECT email FROM auth_user WHERE username = 'admissions'")[0]
    emails = [
        (f"New application: {title}, {start:%-d %b %Y}", staff),
        (f"We have your application for {title}", applicant),
    ]
    for subject, recipient in emails:
        expected_email(topology, subject, recipient, marker)
        wait_for(
            f"the email {subject!r} to {recipient}",
            lambda subject=subject, recipient=recipient: arrived(topology, subject, recipient, marker),
            timeout=MAIL_WAIT,
        )


def test_site_search_finds_demo_content(topology):
    # The demo's pages were indexed through the search queue: results prove the worker consumes it.
    visitor = Visitor(topology.base_url, topology.requests)
    wait_for(
        "search results for 'python'",
        lambda: 'class="search-result' in visitor.get("/search/?q=python").text,
        timeout=MAIL_WAIT,
        interval=1,
    )


def test_read_api_serves_courses_from_the_shared_cache(topology):
    visitor = Visitor(topology.base_url, topology.requests)
    listing = "/api/v2/pages/?type=learning.CoursePage&fields=rating,price_label"
    first, second = visitor.get(listing), visitor.get(listing)
    assert (first.headers["X-Page-Cache"], second.headers["X-Page-Cache"]) == ("miss", "hit")
    assert first.json() == second.json() and first.json()["items"]
    course = first.json()["items"][0]
    assert course["meta"]["html_url"].startswith(topology.base_url + "/")  # the public address, BASE_URL's
    reviews = visitor.get(f"/api/v2/courses/{course['id']}/reviews/").json()
    assert reviews["rating"] == course["rating"] and reviews["course"]["url"] == course["meta"]["html_url"]
    assert visitor.get("/api/schema/").headers["Content-Type"].startswith("application/vnd.oai.openapi")


class Problems(list):
    """What went wrong during the outage, gathered so that the figures are taken and reported whatever fails."""

    def attempt(self, what, action):
        """action()'s (response, seconds), or (None, None) with its failure noted."""
        try:
            return action()
        except (AssertionError, requests.RequestException) as error:
            self.append(f"{what}: {str(error)[:300]}")
            return None, None

    def expect(self, condition, message):
        if not condition:
            self.append(message)


def get_during_outage(topology, visitor, paths, problems):
    for path in paths:
        response, _ = problems.attempt(f"GET {path}", lambda path=path: (visitor.request("GET", path), None))
        if response is not None:
            problems.expect(response.status_code == 200, f"GET {path}: {response.status_code}")
    readyz, _ = problems.attempt("GET /readyz", lambda: (visitor.request("GET", "/readyz"), None))
    if readyz is not None:
        is_json = readyz.headers.get("Content-Type", "").startswith("application/json")
        degraded = readyz.status_code == 200 and is_json and readyz.json().get("status") == "degraded"
        problems.expect(degraded, f"/readyz is not 200 and degraded: {readyz.status_code} {readyz.text[:500]}")
        address = f"127.0.0.1:{topology.redis_port}"
        problems.expect(address not in readyz.text, f"/readyz shows the Redis address: {readyz.text[:500]}")


def stored(topology, marker, username, course_id):
    """(enquiries whose data holds the marker, reviews by `username` of the course), counted in PostgreSQL."""
    enquiries = topology.query(
        "SELECT count(*) FROM wagtailforms_formsubmission WHERE form_data::text LIKE %s", (f"%{marker}%",)
    )[0][0]
    reviews = topology.query(
        "SELECT count(*) FROM learning_review r JOIN auth_user u ON u.id = r.user_id "
        "WHERE u.username = %s AND r.course_id = %s",
        (username, course_id),
    )[0][0]
    return enquiries, reviews


def seconds(value):
    return None if value is None else round(value, 3)


def test_redis_outage_loses_nothing_and_doubles_nothing(topology):
    # Before the outage: the second student logged in, and the pages to ask for.
    outage_log = []
    student = Visitor(topology.base_url, outage_log)
    student.login(SECOND_STUDENT[0], DEMO_PASSWORD)
    course_id, title, review_path = review_target(student)
    anonymous = Visitor(topology.base_url, outage_log)
    post_path = card_links(anonymous.get("/blog/").text, "blog-card__title")[0]
    course_path = card_links(anonymous.get("/courses/").text, "course-card__title")[0]
    enquiry_path = contact_path(anonymous)
    outage_log.clear()
    problems = Problems()

    topology.kill_redis()
    get_during_outage(topology, anonymous, ["/", post_path, course_path, "/courses/", "/healthz"], problems)
    marker = uuid.uuid4().hex
    enquiry, enquiry_seconds = problems.attempt("enquiry", lambda: send_enquiry(anonymous, enquiry_path, marker))
    if enquiry is not None:
        thanked = enquiry.status_code in (302, 303) or (enquiry.status_code == 200 and "Thank you" in enquiry.text)
        problems.expect(thanked, f"enquiry: {enquiry.status_code} {enquiry.text[:300]}")
    review, review_seconds = problems.attempt("review", lambda: send_review(student, review_path, marker))
    if review is not None:
        problems.expect(review.status_code in (302, 303), f"review: {review.status_code} {review.text[:300]}")
    for what, taken in [("enquiry", enquiry_seconds), ("review", review_seconds)]:
        if taken is not None:
            problems.expect(taken < FAST, f"the {what} POST took {taken:.2f} s (limit {FAST} s)")
    stored_enquiries, stored_reviews = stored(topology, marker, SECOND_STUDENT[0], course_id)
    problems.expect(
        (stored_enquiries, stored_reviews) == (1, 1),
        f"stored during the outage: {stored_enquiries} enquiries, {stored_reviews} reviews, not 1 each",
    )

    # Redis back on the same port, empty: whatever the outage queued must still go out, once.
    topology.start_redis()
    restarted = time.monotonic()
    # The emails the stored submissions imply (one that was not stored is a failure noted above).
    contact = contact_page()[1]
    outage_emails = [(contact["subject"], contact["to_address"], marker)] if stored_enquiries else []
    if stored_reviews:
        outage_emails += [(f"New review of {title}", recipient, marker) for recipient in moderators(topology)]
    topology.expected_emails += outage_emails
    problems.attempt(
        "after Redis was back",
        lambda: wait_for(
            "the outage's emails",
            lambda: all(arrived(topology, *expected) for expected in outage_emails),
            timeout=RECOVERY_WAIT,
            interval=0.5,
        ),
    )
    delivered_after = time.monotonic() - restarted
    time.sleep(SETTLE)
    counts = {" / ".join(each): len(arrived(topology, *each)) for each in topology.expected_emails}
    problems += [f"{count} emails (not 1) for {expected}" for expected, count in counts.items() if count != 1]

    figures = {
        "requests_during_outage": len(outage_log),
        "responses_5xx_during_outage": sum((entry["status"] or 0) >= 500 for entry in outage_log),
        "requests_unanswered_during_outage": sum(entry["status"] is None for entry in outage_log),
        "max_latency_during_outage_s": seconds(max((entry["seconds"] for entry in outage_log), default=None)),
        "enquiry_post_s": seconds(enquiry_seconds),
        "review_post_s": seconds(review_seconds),
        "stored_during_outage": {"enquiries": stored_enquiries, "reviews": stored_reviews},
        "outage_emails_delivered": sum(bool(arrived(topology, *expected)) for expected in outage_emails),
        "outage_emails_expected": len(outage_emails),
        "seconds_from_redis_restart_to_delivery": round(delivered_after, 1),
        "emails_received_per_expected": counts,
        "emails_received_total": len(topology.mail.messages),
        "topology_start_s": topology.timings,
        "restarted_after_exiting": topology.restarts,  # as docker-compose restarts the deployed services
        "outage_requests": [{**entry, "seconds": seconds(entry["seconds"])} for entry in outage_log],
    }
    (topology.tmp / "figures.json").write_text(json.dumps(figures, indent=2))
    print(f"\nSystem test figures ({topology.tmp / 'figures.json'}):\n{json.dumps(figures, indent=2)}")
    assert not problems, "With Redis down or just back:\n" + "\n".join(problems)
