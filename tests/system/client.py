"""A visitor over real HTTP, as the site sees one behind its TLS-terminating proxy.

Production settings mark cookies Secure and trust X-Forwarded-Proto, so the visitor sends that
header and sends its cookies as a browser would over HTTPS (requests keeps Secure cookies to itself
over http://, whatever the jar's policy: it copies the jar before each request).
"""

import re
import time
from html.parser import HTMLParser
from urllib.parse import urljoin

import requests


class Forms(HTMLParser):
    """Every <form> of a page: its action, method and the names and values of its fields."""

    def __init__(self, html):
        super().__init__()
        self.forms = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"action": attrs.get("action") or "", "method": attrs.get("method", "get"), "fields": {}})
        elif tag in ("input", "textarea", "select") and self.forms and attrs.get("name"):
            kind = "textarea" if tag == "textarea" else attrs.get("type", "text")
            self.forms[-1]["fields"].setdefault(attrs["name"], {"type": kind, "value": attrs.get("value") or ""})


class Visitor:
    def __init__(self, base_url, log):
        self.base_url = base_url
        self.log = log  # list of {"method", "path", "status", "seconds"} every request is added to
        self.session = requests.Session()
        self.session.headers["X-Forwarded-Proto"] = "https"

    def request(self, method, path, headers=None, **kwargs):
        url = urljoin(self.base_url, path)
        headers = dict(headers or {})
        if self.session.cookies:
            headers["Cookie"] = "; ".join(f"{cookie.name}={cookie.value}" for cookie in self.session.cookies)
        entry = {"method": method, "path": path, "status": None}  # None: no answer (refused, timed out)
        self.log.append(entry)
        started = time.monotonic()
        try:
            response = self.session.request(method, url, headers=headers, timeout=30, allow_redirects=False, **kwargs)
            entry["status"] = response.status_code
        finally:
            entry["seconds"] = time.monotonic() - started
        return response

    def get(self, path, expect=200):
        response = self.request("GET", path)
        assert response.status_code == expect, f"GET {path}: {response.status_code}\n{response.text[:2000]}"
        return response

    def form(self, path, field):
        """GET `path` and return its form that has a field named `field`."""
        html = self.get(path).text
        forms = [form for form in Forms(html).forms if field in form["fields"]]
        assert forms, f"{path} has no form with a {field!r} field"
        form = forms[0]
        form["action"] = urljoin(path, form["action"] or path)
        return form

    def submit(self, form, values):
        """POST the form with its hidden fields (the CSRF token) and `values`, as a browser on this origin would."""
        data = {name: field["value"] for name, field in form["fields"].items() if field["type"] == "hidden"}
        data.update(values)
        origin = "https://" + self.base_url.split("://", 1)[1]
        return self.request("POST", form["action"], data=data, headers={"Origin": origin, "Referer": origin + "/"})

    def login(self, username, password):
        form = self.form("/accounts/login/", "login")
        response = self.submit(form, {"login": username, "password": password})
        assert response.status_code == 302, f"login as {username}: {response.status_code}\n{response.text[:2000]}"
        assert "sessionid" in self.session.cookies, "logged in without a session cookie"


def links(html, pattern):
    """The distinct hrefs in `html` that match the regex `pattern`, in page order."""
    found = re.findall(r'href="([^"#?]+)"', html)
    return list(dict.fromkeys(href for href in found if re.fullmatch(pattern, href)))
