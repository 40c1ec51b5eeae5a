"""Guards for the enquiry form: a honeypot, a per-IP rate limit and prefilling from links."""

from allauth.account.adapter import get_adapter
from django.core.cache import cache

HONEYPOT_FIELD = "website"
LIMIT = 5  # accepted enquiries per address and window: plenty for a person, little for a bot
WINDOW_SECONDS = 60 * 60
MAX_PREFILL_LENGTH = 200


def _key(request):
    # The client's address as allauth's rate limits see it: behind TRUSTED_PROXY_COUNT proxies
    # it comes from X-Forwarded-For, otherwise REMOTE_ADDR (a forged header changes nothing).
    return f"enquiry-rate:{get_adapter().get_client_ip(request)}"


def allowed(request):
    return cache.get(_key(request), 0) < LIMIT


def count(request):
    key = _key(request)
    if not cache.add(key, 1, WINDOW_SECONDS):
        try:
            cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.add(key, 1, WINDOW_SECONDS)


def initial_from(fields, query):
    """Initial values for the form fields named in the query string (single-line fields only)."""
    names = {field.clean_name for field in fields if field.field_type == "singleline"}
    return {name: query[name][:MAX_PREFILL_LENGTH] for name in names if query.get(name)}
