from csp.middleware import CSPMiddleware

# Wagtail's admin widgets (image chooser, date pickers) start themselves with inline
# scripts, so the admin alone may run them; the public site allows only our own files.
ADMIN_PREFIX = "/admin/"


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def process_response(self, request, response):
        if request.path.startswith(ADMIN_PREFIX):
            response._csp_update = {"script-src": ["'unsafe-inline'"]}
        return super().process_response(request, response)


class ReplaceNullCharactersMiddleware:
    """Replace NUL characters in query strings: PostgreSQL refuses them in any string.

    They become U+FFFD, so that a value that was garbage stays an (unknown) value.

    Forms already refuse them in POSTed fields (Django's ProhibitNullCharactersValidator).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "%00" in request.META.get("QUERY_STRING", ""):
            cleaned = request.GET.copy()
            for key in list(cleaned):
                values = [value.replace("\x00", "\ufffd") for value in cleaned.pop(key)]
                cleaned.setlist(key.replace("\x00", "\ufffd"), values)
            cleaned._mutable = False
            request.GET = cleaned
        return self.get_response(request)
