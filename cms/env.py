"""Read settings from the environment.

Every reader names the variable in its error so that a malformed value stops
start-up with a message an operator can act on.
"""

import os
from typing import NoReturn
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off"}


def get(name, default=None):
    """The stripped value of `name`, or `default` when it is unset or blank."""
    value = os.environ.get(name, "").strip()
    return value or default


def fail(name, problem) -> NoReturn:
    raise ImproperlyConfigured(f"Environment variable {name} {problem}.")


def boolean(name, default):
    value = get(name)
    if value is None:
        return default
    if value.lower() in TRUE_WORDS:
        return True
    if value.lower() in FALSE_WORDS:
        return False
    fail(name, f"must be one of true/false, yes/no, on/off or 1/0, not {value!r}")


def integer(name, default, minimum=0):
    value = get(name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        fail(name, f"must be a whole number, not {value!r}")
    if number < minimum:
        fail(name, f"must be at least {minimum}, not {number}")
    return number


def host_list(name, default):
    """A comma-separated list of host names, as ALLOWED_HOSTS takes them."""
    value = get(name)
    if value is None:
        return default
    hosts = [host.strip() for host in value.split(",")]
    for host in hosts:
        if not host or " " in host or "/" in host:
            fail(name, f"must be comma-separated host names such as example.org, not {value!r}")
    return hosts


def url(name, schemes, default=None, port_required=False):
    """A URL whose scheme is one of `schemes` and that names a host (or a socket path), and its port if required."""
    value = get(name)
    if value is None:
        return default
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number
    except ValueError as error:
        fail(name, f"is not a valid URL ({error})")
    if parts.scheme not in schemes:
        fail(name, f"must be a URL starting with {' or '.join(s + '://' for s in schemes)}, not {value!r}")
    if not (parts.hostname or parts.path):
        fail(name, f"must name a host, not {value!r}")
    if port_required and (not parts.hostname or parts.port is None):
        fail(name, f"must name a host and its port, such as {parts.scheme}://elasticsearch:9200, not {value!r}")
    return value


def origin_list(name, default):
    """A comma-separated list of origins such as https://example.org."""
    value = get(name)
    if value is None:
        return default
    origins = [origin.strip() for origin in value.split(",")]
    for origin in origins:
        parts = urlsplit(origin)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            fail(name, f"must be comma-separated origins such as https://example.org, not {value!r}")
    return origins


def choice(name, choices, default):
    value = get(name)
    if value is None:
        return default
    if value.upper() not in choices:
        fail(name, f"must be one of {', '.join(choices)}, not {value!r}")
    return value.upper()
