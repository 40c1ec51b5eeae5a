"""The catalogue and a course's approved reviews in the read API (/api/v2/), as their pages show them.

Course pages themselves are in Wagtail's pages endpoint (home.api), with CoursePage.api_fields.
"""

import dataclasses

from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ParseError
from rest_framework.response import Response
from rest_framework.views import APIView

from home import site_url
from home.api import ERRORS, ID, PublicAPIMixin
from learning import catalogue, services
from learning.catalogue.contract import MIN_RATINGS, SORTS, STARTS
from learning.course_context import REVIEW_SORTS, REVIEWS_PER_PAGE, approved_reviews, star_filter
from learning.models import FORMATS, LEVELS
from learning.reviews import RatingSummary
from search.services import CountedPaginator


class Histogram(serializers.Serializer):
    stars = serializers.IntegerField(min_value=1, max_value=5)
    count = serializers.IntegerField()
    percent = serializers.IntegerField()


class Rating(serializers.Serializer):
    average = serializers.FloatField(allow_null=True)
    count = serializers.IntegerField()
    histogram = Histogram(many=True)


class Reply(serializers.Serializer):
    author_name = serializers.CharField()
    author_role = serializers.CharField(allow_blank=True)
    body = serializers.CharField()
    created_at = serializers.DateTimeField()


class ReviewItem(serializers.Serializer):
    id = serializers.IntegerField()
    rating = serializers.IntegerField(min_value=1, max_value=5)
    title = serializers.CharField(allow_blank=True)
    body = serializers.CharField()
    author = serializers.CharField(source="author_name", help_text='First name and initial: "Ada L."')
    verified = serializers.BooleanField(help_text="The author is enrolled on the course.")
    helpful_count = serializers.IntegerField(help_text="Students who found it helpful.")
    reply = Reply(source="reply_or_none", allow_null=True, help_text="The institute's public reply.")
    created_at = serializers.DateTimeField()


class Course(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.URLField()


class ReviewPage(serializers.Serializer):
    course = Course()
    rating = Rating()
    page = serializers.IntegerField()
    num_pages = serializers.IntegerField()
    results = ReviewItem(many=True)


class CourseReviews(PublicAPIMixin, APIView):
    @extend_schema(
        operation_id="course_reviews",
        parameters=[
            OpenApiParameter("course_id", ID, OpenApiParameter.PATH, description="The course page's id."),
            OpenApiParameter("sort", str, enum=list(REVIEW_SORTS), description="As on the course page; newest first."),
            OpenApiParameter("stars", int, enum=[1, 2, 3, 4, 5], description="Only the reviews with this rating."),
            OpenApiParameter("page", int, description=f"{REVIEWS_PER_PAGE} reviews a page."),
        ],
        responses={200: ReviewPage, **ERRORS},
    )
    def get(self, request, course_id):
        """A course's approved reviews, a page at a time, and its rating."""
        course = services.public_course(course_id)
        if course is None:
            raise NotFound("No public course has this id.")
        sort = request.query_params.get("sort", "newest")
        if sort not in REVIEW_SORTS:
            raise ParseError(f"sort must be one of: {', '.join(REVIEW_SORTS)}.")
        stars, problem = star_filter(request.query_params.get("stars"))
        if problem:
            raise ParseError("stars must be a whole number from 1 to 5.")
        summary = RatingSummary.objects.filter(course_id=course.pk).first() or RatingSummary()
        # The summary counts the approved reviews (kept in the same transaction): no COUNT query.
        count = getattr(summary, f"stars_{stars}") if stars else summary.count
        paginator = CountedPaginator(approved_reviews(course.pk, sort, stars), REVIEWS_PER_PAGE, count)
        number = whole_number(request.query_params.get("page", "1"), "page")
        if not 1 <= number <= paginator.num_pages:
            raise NotFound(f"There is no page {number}: this course has {paginator.num_pages} page(s) of reviews.")
        url = site_url.absolute(course.get_url(request=request._request), request._request)
        return Response(
            {
                "course": {"id": course.pk, "title": course.title, "url": url},
                "rating": summary.as_api(),
                "page": number,
                "num_pages": paginator.num_pages,
                "results": ReviewItem(paginator.page(number).object_list, many=True).data,
            }
        )


def whole_number(value, name):
    try:
        return int(value)
    except ValueError:
        raise ParseError(f"{name} must be a whole number.") from None


class FacetItem(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()
    selected = serializers.BooleanField()


class CourseHit(serializers.Serializer):
    page_id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.URLField()
    summary = serializers.CharField(allow_blank=True)
    level = serializers.CharField()
    duration = serializers.CharField(allow_blank=True)
    delivery_format = serializers.CharField()
    category = serializers.CharField(allow_blank=True)
    price = serializers.CharField()
    average = serializers.FloatField(allow_null=True)
    review_count = serializers.IntegerField()
    snippet = serializers.CharField(allow_blank=True, help_text="HTML: the query's words in <mark>.")
    next_start = serializers.DateField(allow_null=True, help_text="The first cohort starting from today.")


class CatalogueResult(serializers.Serializer):
    query = serializers.CharField(allow_blank=True)
    filters = serializers.DictField()
    sort = serializers.ChoiceField(choices=list(SORTS))
    total = serializers.IntegerField()
    page = serializers.IntegerField()
    num_pages = serializers.IntegerField()
    hits = CourseHit(many=True)
    facets = serializers.DictField(child=FacetItem(many=True))


class Catalogue(PublicAPIMixin, APIView):
    @extend_schema(
        operation_id="catalogue",
        parameters=[
            OpenApiParameter("q", str, description="Words to look for."),
            OpenApiParameter("category", str, description="A category's slug."),
            OpenApiParameter("level", str, enum=[value for value, _ in LEVELS]),
            OpenApiParameter("format", str, enum=[value for value, _ in FORMATS]),
            OpenApiParameter("min_rating", int, enum=MIN_RATINGS),
            OpenApiParameter("starts", str, enum=[value for value, _ in STARTS], description="When a cohort starts."),
            OpenApiParameter("open", int, enum=[1], description="Only courses with a cohort open for enrolment."),
            OpenApiParameter("sort", str, enum=list(SORTS)),
            OpenApiParameter("page", int, description="Out of range: the nearest page, as on the catalogue page."),
        ],
        responses={200: CatalogueResult, **ERRORS},
    )
    def get(self, request):
        """The course catalogue's search: the results, facets and counts /courses/ shows for the same query."""
        result = catalogue.search(request.query_params, request=request._request)
        data = dataclasses.asdict(result)
        for hit in data["hits"]:
            hit["url"] = site_url.absolute(hit["url"], request._request)
        return Response(data)


urlpatterns = [
    path("catalogue/", Catalogue.as_view(), name="api_catalogue"),
    path("courses/<int:course_id>/reviews/", CourseReviews.as_view(), name="api_course_reviews"),
]
