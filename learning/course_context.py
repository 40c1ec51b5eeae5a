"""What a course page shows beyond its own fields: ratings, reviews, the visitor's state, sharing, JSON-LD.

A fixed number of queries whatever the number of reviews: the numbers come from RatingSummary,
reviews are paginated, and the "Verified student" mark is an EXISTS in the same query.
"""

from functools import partial
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.urls import reverse

from home.pagination import page_number
from learning import services
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
    """One query for what the page row lacks: its summary, category, hero image and the visitor's state."""
    from learning.models import CoursePage

    queryset = CoursePage.objects.select_related("rating_summary", "category", "hero_image")
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
    return {
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
        "instructors": partial(instructors, page),
        "json_ld": partial(json_ld, page, url, summary, reviews_page, request),
        "enquiry_query": urlencode({"course": page.title}),
        # Visitors who are not logged in get links, not forms: the page then holds nothing personal (not
        # even a CSRF token) and the shared page cache serves everyone the same copy.
        "login_to_act": f"{reverse('account_login')}?{urlencode({'next': page.get_url(request) or '/'})}",
        "og_type": "website",
    }


def instructors(page):
    return [link.instructor for link in page.course_instructors.select_related("instructor__photo")]


def json_ld(page, url, summary, reviews_page, request):
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
    else:
        data["offers"] = {
            "@type": "Offer",
            "price": str(page.price),
            "priceCurrency": page.currency,
            "category": "Paid",
        }
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
