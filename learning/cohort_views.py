"""Visitors and cohorts: apply, enrol in a free cohort, add to a calendar, and "notify me" with its links.

Cached course pages carry links, never forms: each link leads here, where the form has its token.
"""

from datetime import timedelta

import icalendar
from allauth.account.models import EmailAddress
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from home import enquiries
from home.site_url import root_url
from learning import admissions
from learning.cohorts import Cohort
from learning.forms import AlertForm, ApplicationForm
from learning.models import CoursePage
from learning.views import course_or_404, notice

FEED_DAYS = 366  # the feed lists cohorts starting within a year


def cohort_or_404(cohort_id):
    cohort = admissions.public_cohort(cohort_id)
    if cohort is None:
        raise Http404("No such cohort.")
    return cohort


def refuse(request, cohort, title, error, status=409):
    return notice(request, title, str(error), cohort.page, status=status, anchor="cohorts")


@require_http_methods(["GET", "POST"])
def apply(request, cohort_id):
    cohort = cohort_or_404(cohort_id)
    course = cohort.page
    if cohort.is_free():
        return redirect("learning:cohort_enrol", cohort_id=cohort.pk)
    try:
        admissions.refuse_unless_open(cohort)
    except admissions.NotOpen as error:
        return refuse(request, cohort, "This cohort is not taking applications", error)
    user = request.user
    initial = {"name": user.get_full_name(), "email": user.email} if user.is_authenticated else {}
    form = ApplicationForm(request.POST or None, initial=initial)
    error, status = None, 400 if form.errors else 200
    if request.method == "POST" and form.is_valid():
        if not enquiries.allowed(request):
            error, status = "Too many applications from this address in the last hour: try again later.", 429
        else:
            try:
                admissions.apply(cohort, user=user if user.is_authenticated else None, **form.cleaned_data)
            except (admissions.AlreadyApplied, admissions.NotOpen) as problem:
                error, status = str(problem), 409
            else:
                enquiries.count(request)
                messages.success(request, "Thank you: your application is in. Admissions will be in touch by email.")
                return redirect(course.url + "#cohorts")
    context = {"cohort": cohort, "course": course, "form": form, "error": error}
    return render(request, "learning/cohort_apply.html", context, status=status)


@require_http_methods(["GET", "POST"])
def enrol(request, cohort_id):
    """A free cohort: a logged-in student confirms and has a seat."""
    cohort = cohort_or_404(cohort_id)
    if not cohort.is_free():
        return redirect("learning:cohort_apply", cohort_id=cohort.pk)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if request.method == "GET":
        return render(request, "learning/cohort_enrol.html", {"cohort": cohort, "course": cohort.page})
    try:
        admissions.enrol_free(request.user, cohort)
    except admissions.AdmissionError as error:
        return refuse(request, cohort, "You cannot enrol in this cohort", error)
    messages.success(request, f"You are enrolled: “{cohort.page.title}” starts {cohort.start_date:%-d %B %Y}.")
    return redirect(cohort.page.url + "#cohorts")


def calendar_event(cohort, site):
    event = icalendar.Event()
    event.add("uid", f"cohort-{cohort.pk}@{site.split('://')[-1]}")
    event.add("dtstamp", timezone.now())
    event.add("summary", f"{cohort.page.title} starts")
    # All-day, over the whole run: calendars show the span without guessing the hours.
    event.add("dtstart", cohort.start_date)
    event.add("dtend", cohort.end_date + timedelta(days=1))
    details = [cohort.schedule, cohort.format_label(), cohort.price_label()]
    event.add("description", " · ".join(part for part in details if part))
    if cohort.location:
        event.add("location", cohort.location)
    event.add("url", site + cohort.page.url + "#cohorts")
    return event


def calendar_response(events, filename):
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Lectern//Cohorts//EN")
    calendar.add("version", "2.0")
    for event in events:
        calendar.add_component(event)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def cohort_ics(request, cohort_id):
    cohort = cohort_or_404(cohort_id)
    return calendar_response([calendar_event(cohort, root_url())], f"{cohort.page.slug}-{cohort.start_date}.ics")


def cohorts_feed(request):
    """Every cohort of a live, public course starting within a year: one query."""
    today = timezone.localdate()
    courses = CoursePage.objects.live().public()
    cohorts = (
        Cohort.objects.filter(
            page__in=courses, start_date__gte=today, start_date__lte=today + timedelta(days=FEED_DAYS)
        )
        .select_related("page")
        .order_by("start_date", "pk")
    )
    site = root_url()
    return calendar_response([calendar_event(cohort, site) for cohort in cohorts], "cohorts.ics")


@require_http_methods(["GET", "POST"])
def notify(request, course_id):
    course = course_or_404(course_id)
    user = request.user
    form = AlertForm(request.POST or None, initial={"email": user.email} if user.is_authenticated else {})
    error, status = None, 400 if form.errors else 200
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        # A student's own verified address needs no confirming email.
        verified = (
            user.is_authenticated
            and EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()
        )
        if not enquiries.allowed(request):
            error, status = "Too many requests from this address in the last hour: try again later.", 429
        else:
            try:
                _, confirmed = admissions.subscribe(course, email, user if user.is_authenticated else None, verified)
            except admissions.AdmissionError as problem:
                error, status = str(problem), 409
            else:
                enquiries.count(request)
                context = {"course": course, "email": email, "confirmed": confirmed}
                return render(request, "learning/alert_done.html", context)
    context = {"course": course, "form": form, "error": error}
    return render(request, "learning/alert_form.html", context, status=status)


def alert_link(request, token, action, carry_out):
    """GET asks (a mail scanner following the link must not act); POST does it."""
    try:
        alert = admissions.alert_from_token(token, action)
        if request.method == "POST":
            alert = carry_out(token)
    except admissions.BadToken as error:
        return notice(request, "This link does not work", str(error), status=400)
    context = {"alert": alert, "done": request.method == "POST", "action": action}
    return render(request, "learning/alert_confirm.html", context)


@require_http_methods(["GET", "POST"])
def alert_confirm(request, token):
    return alert_link(request, token, "confirm", admissions.confirm)


@csrf_exempt  # one-click unsubscribe (RFC 8058): mail clients POST here without a form; the token is the proof
@require_http_methods(["GET", "POST"])
def alert_unsubscribe(request, token):
    return alert_link(request, token, "unsubscribe", admissions.unsubscribe)
