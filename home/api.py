"""The read API at /api/v2/: Wagtail's API v2 (pages, images, documents), public content only.

Every endpoint, the domain apps' own included (learning.api), is built on `PublicAPIMixin`:
anonymous and read-only, JSON only, throttled per client address, answered from the shared
cache for the page cache's generation (so a publish retires API answers with the pages), with
Cache-Control and an ETag for conditional requests. The OpenAPI description is drf-spectacular's.
"""

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, JsonResponse
from django.middleware.http import ConditionalGetMiddleware
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.serializers import TagsField
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2 import serializers as documents_api
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2 import serializers as images_api
from wagtail.images.api.v2.views import ImagesAPIViewSet

from home import page_cache


class Pagination(WagtailPagination):
    MAX_OFFSET = 2**31 - 1  # larger would overflow PostgreSQL's OFFSET: a 500, not an empty page

    def paginate_queryset(self, queryset, request, view=None):
        offset = request.GET.get("offset", "0")
        if offset.isdigit() and int(offset) > self.MAX_OFFSET:
            raise BadRequestError(f"offset must be at most {self.MAX_OFFSET}")
        return super().paginate_queryset(queryset, request, view)


class PublicAPIMixin:
    renderer_classes = [JSONRenderer]  # no browsable API: its HTML would need its own cache key and CSP
    pagination_class = Pagination
    _conditional = ConditionalGetMiddleware(lambda request: None)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)  # throttles first: a cached answer counts too
        self._cache_key = None
        if request.method == "GET" and settings.PAGE_CACHE_SECONDS > 0:
            self._cache_key = page_cache.key(request._request, namespace="api")
            stored = cache.get(self._cache_key)
            if stored is not None:
                # The handler DRF is about to call answers from the cache instead.
                self.get = lambda *args, **kwargs: cached_response(stored)

    def handle_exception(self, exc):
        # One shape for every error, Wagtail's: {"message": ...}; DRF's own say {"detail": ...}.
        response = super().handle_exception(exc)
        if isinstance(response.data, dict) and set(response.data) == {"detail"}:
            response.data = {"message": str(response.data["detail"])}
        return response

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if hasattr(response, "render"):
            response.render()
            cache_key = getattr(self, "_cache_key", None)
            if cache_key and response.status_code == 200:
                cache.set(cache_key, response.content, settings.PAGE_CACHE_SECONDS)
                response["X-Page-Cache"] = "miss"
        if response.status_code == 200:
            response["Cache-Control"] = f"public, max-age={settings.API_MAX_AGE}"
        return self._conditional.process_response(request._request, response)


def not_found(request, *args, **kwargs):
    """Any other address under /api/: an error in the API's own shape, not the site's HTML page."""
    return JsonResponse({"message": "There is nothing at this address: see /api/ for what there is."}, status=404)


def cached_response(content):
    response = HttpResponse(content, content_type="application/json")
    response["X-Page-Cache"] = "hit"
    return response


# What the OpenAPI description says of Wagtail's endpoints, whose serializers are built per request.
class ListingMeta(serializers.Serializer):
    total_count = serializers.IntegerField()


class ItemMeta(serializers.Serializer):
    type = serializers.CharField()
    detail_url = serializers.URLField()


class Item(serializers.Serializer):
    """One object: `id` and `meta` always, the other fields as `fields` asks."""

    id = serializers.IntegerField()
    meta = ItemMeta()


class Listing(serializers.Serializer):
    meta = ListingMeta()
    items = Item(many=True)


class Message(serializers.Serializer):
    message = serializers.CharField()


ERRORS = {
    400: OpenApiResponse(Message, description="A query parameter is unknown or has a bad value."),
    404: OpenApiResponse(Message, description="No such public object."),
    429: OpenApiResponse(Message, description="Too many requests: wait as long as Retry-After says."),
}
ID = {"type": "integer", "minimum": 1}
COMMON_PARAMETERS = [
    OpenApiParameter("fields", str, description='Comma-separated: "title,date", "*" for all, "-title" to drop.'),
    OpenApiParameter("limit", int, description="Items per response, at most 20."),
    OpenApiParameter("offset", {"type": "integer", "minimum": 0, "maximum": Pagination.MAX_OFFSET}),
    OpenApiParameter("order", str, description='A field, "-field" for descending, or "random".'),
    OpenApiParameter("search", str),
    OpenApiParameter("search_operator", str, enum=["and", "or"]),
]
PAGE_PARAMETERS = [
    OpenApiParameter(
        "type", str, description='A page type, "blog.BlogPage", "learning.CoursePage" or comma-separated.'
    ),
    OpenApiParameter("child_of", str, description='A page id, or "root".'),
    OpenApiParameter("descendant_of", int),
    OpenApiParameter("ancestor_of", int),
]


def described(name, listing_parameters):
    """Wagtail's listing and detail views with their OpenAPI description (their serializers are built
    per request, which drf-spectacular cannot inspect); `find` is a redirect to the detail view."""

    class Described:
        @extend_schema(
            operation_id=f"{name}_list",
            parameters=listing_parameters,
            responses={200: Listing, **ERRORS},
            filters=False,
        )
        def listing_view(self, request):
            return super().listing_view(request)

        @extend_schema(
            operation_id=f"{name}_detail",
            parameters=[OpenApiParameter("id", ID, OpenApiParameter.PATH), COMMON_PARAMETERS[0]],
            responses={200: Item, **ERRORS},
            filters=False,
        )
        def detail_view(self, request, pk):
            return super().detail_view(request, pk)

        @extend_schema(exclude=True)
        def find_view(self, request):
            return super().find_view(request)

    return Described


class PublicPagesAPIViewSet(described("pages", COMMON_PARAMETERS + PAGE_PARAMETERS), PublicAPIMixin, PagesAPIViewSet):
    def get_base_queryset(self):
        # Public to everyone, whoever is logged in: Wagtail's own lets a session's restrictions through.
        # Kept for the request: Wagtail asks for it several times, and each reads the restrictions.
        if not hasattr(self, "_public_pages"):
            self._public_pages = super().get_base_queryset().public()
        return self._public_pages

    def get_queryset(self):
        queryset = super().get_queryset().select_related("locale")
        # A page type may join or prefetch what its API fields read (api_queryset), so that a
        # listing of it makes the same number of queries at any length.
        optimise = getattr(queryset.model, "api_queryset", None)
        return optimise(queryset) if optimise else queryset


class PrefetchedTagsField(TagsField):
    def to_representation(self, value):
        return sorted(tag.name for tag in value.all())  # from the prefetch: Wagtail's field queries per item


class ImageSerializer(images_api.ImageSerializer):
    tags = PrefetchedTagsField(read_only=True)


class DocumentSerializer(documents_api.DocumentSerializer):
    tags = PrefetchedTagsField(read_only=True)


class TaggedMediaMixin:
    def get_queryset(self):
        return super().get_queryset().prefetch_related("tags")  # one query for every item's tags


class PublicImagesAPIViewSet(
    described("images", COMMON_PARAMETERS), PublicAPIMixin, TaggedMediaMixin, ImagesAPIViewSet
):
    base_serializer_class = ImageSerializer


class PublicDocumentsAPIViewSet(
    described("documents", COMMON_PARAMETERS), PublicAPIMixin, TaggedMediaMixin, DocumentsAPIViewSet
):
    base_serializer_class = DocumentSerializer


def public_endpoints(endpoints):
    """drf-spectacular's preprocessing hook: the read API only, not Wagtail's admin API."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v2/")]


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)
api_router.register_endpoint("images", PublicImagesAPIViewSet)
api_router.register_endpoint("documents", PublicDocumentsAPIViewSet)
