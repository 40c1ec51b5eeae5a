"""What a course page shows beyond its own fields: ratings, reviews, the visitor's state, sharing, JSON-LD.

A fixed number of queries whatever the number of reviews: the numbers come from RatingSummary,
reviews are paginated, and the "Verified student" mark is an EXISTS in the same query.
"""

from functools import cache, partial
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils import timezone

from home.pagination import page_number
from learning import services
from learning.cohorts import FINISHED
from learning.reviews import Enrolment, HelpfulVote, RatingSummary, Review, WishlistItem
from search.services import CountedPaginator

REVIEWS_PER_PAGE = 10
REVIEW_SORTS = {
    "newest": ("-created_at", "-pk"),
    "helpful": ("-helpful_count", "-created_at", "-pk"),
    "highest": ("-rating", "-created_at", "-pk"),
    "lowest": ("rating", "-created_at", "-pk"),
}
SORT_LABELS = [
    ("newest", "Newest"),
    ("helpful", "Most helpful"),
    ("highest", "Highest rated"),
    ("lowest", "Lowest rated"),
]
JSON_LD_REVIEWS = 5
# schema.org's course modes for each delivery format.
COURSE_MODES = {
    "live_online": ["Online", "Synchronous"],
    "self_paced": ["Online", "Asynchronous"],
    "in_person": ["Onsite"],
    "hybrid": ["Blended"],
}


def approved_reviews(course_id, sort="newest", stars=None, viewer=None):
    """One query, whatever is shown: the author, the institute's reply, the "Verified student" mark and,
    for a logged-in viewer, whether they marked each review helpful."""
    verified = Enrolment.objects.filter(user=OuterRef("user_id"), course=OuterRef("course_id"))
    reviews = (
        Review.objects.filter(course_id=course_id, status=Review.APPROVED)
        .select_related("user", "reply")
        .annotate(verified=Exists(verified))
        .order_by(*REVIEW_SORTS.get(sort, REVIEW_SORTS["newest"]))
    )
    if stars:
        reviews = reviews.filter(rating=stars)
    if viewer is not None and viewer.is_authenticated:
        reviews = reviews.annotate(helpful_mine=Exists(HelpfulVote.objects.filter(review=OuterRef("pk"), user=viewer)))
    return reviews


def star_filter(value):
    """(stars, note): the rating asked for in ?stars=, or None with a note when it names no rating."""
    if value in (None, ""):
        return None, ""
    if value in {"1", "2", "3", "4", "5"}:
        return int(value), ""
    return None, "There is no such rating to filter by: showing reviews of every rating."


def course_row(page, user):
    """Two queries for what the page row lacks: its summary, category, hero image (with its renditions) and
    the visitor's state."""
    from learning.models import CoursePage

    # The hero image's renditions in one query: the hero and the share card each want one.
    queryset = CoursePage.objects.select_related("rating_summary", "category", "hero_image").prefetch_related(
        "hero_image__renditions"
    )
    if user.is_authenticated:
        queryset = queryset.annotate(
            wishlisted=Exists(WishlistItem.objects.filter(course=OuterRef("pk"), user=user)),
            enrolled=Exists(Enrolment.objects.filter(course=OuterRef("pk"), user=user)),
        )
    row = queryset.get(pk=page.pk)
    # A preview may show another category or image than the stored row: reuse only what matches.
    for field in ("category", "hero_image"):
        if getattr(page, f"{field}_id") == getattr(row, f"{field}_id"):
            setattr(page, field, getattr(row, field))
    return row


def course_context(page, request):
    reviews_page = None
    sort = request.GET.get("sort", "newest")
    sort = sort if sort in REVIEW_SORTS else "newest"
    stars, stars_note = star_filter(request.GET.get("stars"))
    own_review = wishlisted = enrolled = None
    user = request.user
    # Visitors with a session (students, and guests who have used it) get forms; the rest, links.
    has_session = user.is_authenticated or bool(request.COOKIES.get(settings.SESSION_COOKIE_NAME))
    if page.pk:  # a new page's preview has no reviews yet
        row = course_row(page, user)
        summary = getattr(row, "rating_summary", None) or RatingSummary(course_id=page.pk)
        if user.is_authenticated:
            wishlisted, enrolled = row.wishlisted, row.enrolled
            own_review = Review.objects.filter(course_id=page.pk, user=user).first()
        elif has_session:
            wishlisted = page.pk in services.guest_wishlist(request.session)
        # The summary counts the approved reviews (kept in the same transaction), so no COUNT query.
        count = getattr(summary, f"stars_{stars}") if stars else summary.count
        reviews = approved_reviews(page.pk, sort, stars, viewer=user)
        paginator = CountedPaginator(reviews, REVIEWS_PER_PAGE, count)
        reviews_page = paginator.page(page_number(request.GET.get("reviews"), paginator.num_pages))
    else:
        summary = RatingSummary()
    url = page.get_full_url(request) or request.build_absolute_uri()
    today = timezone.localdate()
    cohorts = course_cohorts(page)
    upcoming = [cohort for cohort in cohorts if cohort.status(today) != FINISHED]
    next_cohort = next((cohort for cohort in upcoming if cohort.is_open(today)), None)
    teachers = cache(partial(instructors, page))  # the page and its JSON-LD share one query
    return {
        "today": today,
        "cohorts": upcoming,
        "finished_cohorts": [cohort for cohort in cohorts if cohort.status(today) == FINISHED],
        "next_cohort": next_cohort,
        # Nothing open to join: offer to write when something is (a self-paced course is always open).
        "notify_me": bool(page.pk) and next_cohort is None and (bool(cohorts) or page.delivery_format != "self_paced"),
        "summary": summary,
        "reviews_page": reviews_page,
        "review_sort": sort,
        "review_sorts": SORT_LABELS,
        "review_stars": stars,
        "review_stars_note": stars_note,
        "has_session": has_session,
        "own_review": own_review,
        "wishlisted": wishlisted,
        "enrolled": enrolled,
        # Callables, which the template calls only where a cached fragment is rendered afresh.
        "instructors": teachers,
        "json_ld": partial(json_ld, page, url, summary, reviews_page, request, upcoming, teachers),
        "enquiry_query": urlencode({"course": page.title}),
        # Visitors who are not logged in get links, not forms: the page then holds nothing personal (not
        # even a CSRF token) and the shared page cache serves everyone the same copy.
        "login_to_act": f"{reverse('account_login')}?{urlencode({'next': page.get_url(request) or '/'})}",
        "og_type": "website",
    }


def course_cohorts(page):
    """Every cohort with its seats taken, by start date: one query. A preview shows the editor's cohorts,
    their seats counted from the database."""
    cohorts = page.cohorts.all()
    if isinstance(cohorts, QuerySet):
        cohorts = list(cohorts.with_taken().order_by("start_date", "pk"))
    else:
        cohorts = sorted(cohorts, key=lambda cohort: (cohort.start_date, cohort.pk or 0))
        saved = [cohort.pk for cohort in cohorts if cohort.pk]
        taken = Enrolment.objects.filter(cohort__in=saved).values("cohort").annotate(n=Count("pk"))
        counts = {row["cohort"]: row["n"] for row in taken} if saved else {}
        for cohort in cohorts:
            cohort.taken = counts.get(cohort.pk, 0)
    for cohort in cohorts:
        cohort.page = page  # its price, currency and format, without a query each
    return cohorts


def instructors(page):
    return [link.instructor for link in page.course_instructors.select_related("instructor__photo")]


def json_ld(page, url, summary, reviews_page, request, cohorts, teachers):
    from wagtail.models import Site

    site = Site.find_for_request(request)
    data = {
        "@context": "https://schema.org",
        "@type": "Course",
        "name": page.title,
        "description": page.summary,
        "url": url,
        "inLanguage": page.language,
        "provider": {
            "@type": "Organization",
            "name": site.site_name if site and site.site_name else "Lectern",
            "sameAs": site.root_url if site else url,
        },
        "educationalLevel": page.get_level_display(),
    }
    if page.is_free:
        data["isAccessibleForFree"] = True
    data["offers"] = offer(page.price, page.currency)
    data["availableLanguage"] = [page.language]
    if page.first_published_at:
        data["datePublished"] = page.first_published_at.date().isoformat()
    if page.certificate:
        data["educationalCredentialAwarded"] = "Certificate of completion"
    if page.prerequisites:
        data["coursePrerequisites"] = [item.value for item in page.prerequisites]
    if page.modules:
        data["syllabusSections"] = [syllabus_section(module) for module in page.modules]
    root = site.root_url if site else ""
    teachers = [instructor.json_ld(root) for instructor in teachers()]
    instances = [course_instance(page, cohort) for cohort in cohorts]
    if not instances and workload(page):
        # No dates yet (or self-paced, started any time): the course as it runs, without dates.
        mode = COURSE_MODES.get(page.delivery_format, ["Online"])
        instances = [{"@type": "CourseInstance", "courseMode": mode, "courseWorkload": workload(page)}]
    for instance in instances:
        if teachers:
            instance["instructor"] = teachers
    if instances:
        data["hasCourseInstance"] = instances
    if summary.count:
        data["aggregateRating"] = {
            "@type": "AggregateRating",
            "ratingValue": summary.average,
            "reviewCount": summary.count,
            "bestRating": 5,
            "worstRating": 1,
        }
        # The first page of the list is already loaded; reuse it rather than query again.
        data["review"] = [json_ld_review(review) for review in list(reviews_page)[:JSON_LD_REVIEWS]]
    return data


def json_ld_review(review):
    data = {
        "@type": "Review",
        "reviewRating": {"@type": "Rating", "ratingValue": review.rating, "bestRating": 5},
        "author": {"@type": "Person", "name": review.author_name},
        "datePublished": review.created_at.date().isoformat(),
        "reviewBody": review.body,
    }
    if review.title:  # no "name": null for an untitled review
        data["name"] = review.title
    return data


def offer(price, currency, **extra):
    amount = price or 0
    return {
        "@type": "Offer",
        "category": "Paid" if amount else "Free",
        "price": str(amount),
        "priceCurrency": currency,
        **extra,
    }


def hours(total_minutes):
    """ISO 8601 duration: "PT7H30M"."""
    whole, minutes = divmod(int(total_minutes), 60)
    return "PT" + (f"{whole}H" if whole else "") + (f"{minutes}M" if minutes or not whole else "")


def workload(page):
    minutes = sum(module["minutes"] for module in page.modules)
    return hours(minutes) if minutes else None


def syllabus_section(module):
    section = {"@type": "Syllabus", "name": module["value"]["title"]}
    if module["value"]["summary"]:
        section["description"] = module["value"]["summary"]
    if module["minutes"]:
        section["timeRequired"] = hours(module["minutes"])
    return section


AVAILABILITY = {"open": "InStock", "nearly_full": "LimitedAvailability", "full": "SoldOut"}


def course_instance(page, cohort):
    status = cohort.status()
    instance = {
        "@type": "CourseInstance",
        "courseMode": COURSE_MODES.get(cohort.effective_format(), ["Online"]),
        "startDate": cohort.start_date.isoformat(),
        "endDate": cohort.end_date.isoformat(),
        "courseWorkload": hours(cohort.workload_hours * 60),
        "offers": offer(
            cohort.effective_price(),
            page.currency,
            availability="https://schema.org/" + AVAILABILITY.get(status, "Discontinued"),
            validFrom=(cohort.enrolment_opens or cohort.created_at.date()).isoformat(),
        ),
    }
    if cohort.schedule:
        instance["description"] = cohort.schedule
    if cohort.location:
        online = cohort.effective_format() in ("live_online", "self_paced")
        instance["location"] = (
            {"@type": "VirtualLocation", "name": cohort.location}
            if online
            else {"@type": "Place", "name": cohort.location, "address": cohort.location}
        )
    return instance
