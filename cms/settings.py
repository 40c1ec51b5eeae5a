"""Lectern settings.

Every setting that differs between a laptop and a deployment comes from the
environment (see the table in README.md). Each has an embedded default so that the
site runs with nothing installed: SQLite, local-memory cache, eager Celery tasks,
Wagtail's database search, local media and console email.
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from kombu import Queue

from cms import env

BASE_DIR = Path(__file__).resolve().parent.parent
# Git-ignored home of everything the site writes locally: database, media, static.
VAR_DIR = BASE_DIR / "var"

DEBUG = env.boolean("DEBUG", default=True)

SECRET_KEY = env.get("SECRET_KEY")
if SECRET_KEY is None:
    if not DEBUG:
        env.fail("SECRET_KEY", "must be set when DEBUG is off")
    SECRET_KEY = "lectern-development-only-key-never-use-in-production"

ALLOWED_HOSTS = env.host_list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.origin_list("CSRF_TRUSTED_ORIGINS", default=[])

BASE_URL = env.url("BASE_URL", schemes=("http", "https"), default="http://127.0.0.1:8000")
# Wagtail's own emails (workflow notifications) and image URLs read this, not the Site: it
# agrees with the Site as long as BASE_URL is what sets the Site (home/site_url.py).
WAGTAILADMIN_BASE_URL = BASE_URL.rstrip("/")

INSTALLED_APPS = [
    "home",
    "blog",
    "glossary",
    "learning",
    "search",
    "wagtail.contrib.forms",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.table_block",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "allauth",
    "allauth.account",
    "csp",
    "wagtail.api.v2",
    "rest_framework",  # its templates and static files, for the API's docs page
    "drf_spectacular",
    "drf_spectacular_sidecar",  # the docs page's scripts, served from here: no third-party requests
    "django_tasks",  # its signals follow TASKS overrides; Wagtail queues its own work through it
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "cms.middleware.ReplaceNullCharactersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A hit needs nothing below: the stored response carries their headers (CSP, X-Frame-Options).
    "home.page_cache.AnonymousPageCacheMiddleware",
    "cms.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Database: DATABASE_URL, or an SQLite file under var/.
_database_url = env.get("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")
try:
    _database = dj_database_url.parse(_database_url, conn_max_age=env.integer("DATABASE_CONN_MAX_AGE", 0))
except (ValueError, dj_database_url.UnknownSchemeError) as error:
    raise ImproperlyConfigured(f"Environment variable DATABASE_URL is not a valid database URL: {error}") from None
if not _database.get("NAME"):
    env.fail("DATABASE_URL", f"must name a database, not {_database_url!r}")
if _database["ENGINE"] == "django.db.backends.sqlite3":
    # Wait for a writer instead of failing at once when the dev server and a
    # Celery task write at the same time. IMMEDIATE: a transaction that counts a cohort's seats
    # takes the write lock first, as the row lock does on PostgreSQL, so two cannot both see a seat.
    _database["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    if _database["NAME"] != ":memory:":
        Path(_database["NAME"]).parent.mkdir(parents=True, exist_ok=True)
DATABASES = {"default": _database}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set, local memory otherwise. Redis only accelerates: when it is
# unreachable, django-redis turns reads into misses and skips writes, so pages render uncached
# and the cache-backed rate limits let requests through (README, "When a service is down").
REDIS_URL = env.url("REDIS_URL", schemes=("redis", "rediss", "unix"))
REDIS_CACHE_OPTIONS = {
    "IGNORE_EXCEPTIONS": True,
    # A Redis that stops answering costs each cache call this much, not a hung request.
    "SOCKET_CONNECT_TIMEOUT": 0.25,
    "SOCKET_TIMEOUT": 0.5,
}
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.get("CACHE_KEY_PREFIX", default="lectern"),
            "OPTIONS": REDIS_CACHE_OPTIONS,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Whole pages for anonymous visitors, shared through the cache; on by default with Redis.
PAGE_CACHE_SECONDS = env.integer("PAGE_CACHE_SECONDS", 300 if REDIS_URL else 0)

# Reports from this many readers send an approved review back to moderation.
REVIEW_REPORT_THRESHOLD = env.integer("REVIEW_REPORT_THRESHOLD", 3, minimum=1)

# The read API (home.api, learning.api): anonymous and read-only for everyone, throttled per address in the
# cache (which lets requests through when the cache is down), answered from the page cache's generation.
API_MAX_AGE = env.integer("API_MAX_AGE", 60)  # Cache-Control for clients and proxies, in seconds
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],  # no passwords or sessions over the API
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.AnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": f"{env.integer('API_REQUESTS_PER_MINUTE', 120, minimum=1)}/minute"},
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "URL_FORMAT_OVERRIDE": None,  # "format" is a catalogue filter
    # The client's address for the rate limit, as allauth's (TRUSTED_PROXY_COUNT, below): DRF's default
    # would believe any X-Forwarded-For a client sends.
    "NUM_PROXIES": env.integer("TRUSTED_PROXY_COUNT", 0),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Lectern read API",
    "DESCRIPTION": "Live, public pages (blog posts, glossary terms, courses), images, documents, "
    "the course catalogue and approved reviews. Read-only and anonymous.",
    "VERSION": "2",
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "PREPROCESSING_HOOKS": ["home.api.public_endpoints"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
}

# Celery: a broker when CELERY_BROKER_URL is set; otherwise tasks run eagerly,
# in-process, so that nothing else needs to be running.
_BROKER_SCHEMES = ("redis", "rediss", "amqp", "amqps", "pyamqp", "memory")
CELERY_BROKER_URL = env.url("CELERY_BROKER_URL", schemes=_BROKER_SCHEMES)
CELERY_TASK_ALWAYS_EAGER = CELERY_BROKER_URL is None
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env.url(
    "CELERY_RESULT_BACKEND",
    schemes=("redis", "rediss", "rpc"),
    default=CELERY_BROKER_URL if CELERY_BROKER_URL and CELERY_BROKER_URL.startswith("redis") else None,
)
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Nothing reads task results (the outbox records what is done), and a result subscription would
# need Redis at publish time; the one task that answers says so itself.
CELERY_TASK_IGNORE_RESULT = True
# Publishing happens in web requests (home.outbox): fail fast when the broker is unreachable.
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 1}
# Separate queues so that a burst of emails never delays search indexing, and back, on
# deployments that give each queue its own workers. Declared, so that a plain
# `celery --app cms worker` consumes all of them (tests/cms/test_celery.py holds the commands to it).
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_QUEUES = [Queue("default"), Queue("email"), Queue("search")]
CELERY_TASK_ROUTES = {
    "home.tasks.send_enquiry_email": {"queue": "email"},
    "home.tasks.send_email": {"queue": "email"},
    "learning.tasks.notify_*": {"queue": "email"},
    "search.tasks.*": {"queue": "search"},
    "lectern.run_django_task": {"queue": "search"},
}
# Wagtail's own background tasks (django-tasks) go to the workers when there is a broker.
TASKS = {
    "default": {
        "BACKEND": "cms.tasks_backend.CeleryBackend"
        if CELERY_BROKER_URL
        else "django_tasks.backends.immediate.ImmediateBackend"
    }
}
# How often beat hands the broker what the outbox holds undone (home/outbox.py).
OUTBOX_RELAY_SECONDS = env.integer("OUTBOX_RELAY_SECONDS", 30, minimum=1)
CELERY_BEAT_SCHEDULE = {
    "relay-outbox": {"task": "home.tasks.relay_outbox", "schedule": OUTBOX_RELAY_SECONDS},
    # Rating summaries are kept up to date as reviews change; this hourly pass repairs any drift.
    "recompute-rating-summaries": {"task": "learning.tasks.recompute_rating_summaries", "schedule": 60 * 60},
    # "Notify me" news that no publish brings: enrolment opening on its date, a seat given back.
    "notify-alerts-of-openings": {"task": "learning.tasks.notify_alerts_of_openings", "schedule": 60 * 60},
}

# Search: Elasticsearch 8 when ELASTICSEARCH_URL is set, Wagtail's database
# backend otherwise (SQLite FTS locally, Postgres full-text on Postgres).
ELASTICSEARCH_URL = env.url("ELASTICSEARCH_URL", schemes=("http", "https"), port_required=True)
ELASTICSEARCH_INDEX_PREFIX = env.get("ELASTICSEARCH_INDEX_PREFIX", default="lectern_")
ELASTICSEARCH_TIMEOUT = env.integer("ELASTICSEARCH_TIMEOUT", 5, minimum=1)
if ELASTICSEARCH_URL:
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "search.backends.elasticsearch",
            "URLS": [ELASTICSEARCH_URL],
            "INDEX_PREFIX": ELASTICSEARCH_INDEX_PREFIX,
            "TIMEOUT": ELASTICSEARCH_TIMEOUT,
        },
        # Indexed alongside Elasticsearch so that site search can answer from it when Elasticsearch fails.
        "database": {"BACKEND": "search.backends.database"},
    }
else:
    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends.database"}}

# Static files are collected under var/; media go to S3 when a bucket is named.
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# WhiteNoise serves collected files in production; while developing it reads the app folders.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.get("MEDIA_ROOT", default=str(VAR_DIR / "media")))

AWS_STORAGE_BUCKET_NAME = env.get("AWS_STORAGE_BUCKET_NAME")
if AWS_STORAGE_BUCKET_NAME:
    _media_storage = {"BACKEND": "storages.backends.s3.S3Storage"}
    AWS_S3_ENDPOINT_URL = env.url("AWS_S3_ENDPOINT_URL", schemes=("http", "https"))
    AWS_S3_REGION_NAME = env.get("AWS_S3_REGION_NAME")
    AWS_S3_CUSTOM_DOMAIN = env.get("AWS_S3_CUSTOM_DOMAIN")
    AWS_DEFAULT_ACL = None
    AWS_S3_FILE_OVERWRITE = False
    AWS_QUERYSTRING_AUTH = env.boolean("AWS_QUERYSTRING_AUTH", default=False)
else:
    _media_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _media_storage,
    # Hashed, compressed names when DEBUG is off (after collectstatic); plain files while developing.
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Email: EMAIL_URL (smtp:// with STARTTLS, smtps:// with SSL, smtp+plain:// with neither, for
# local mail catchers such as Mailpit on port 1025), console otherwise.
EMAIL_URL = env.url("EMAIL_URL", schemes=("smtp", "smtps", "smtp+plain", "console"), default="console://localhost")
DEFAULT_FROM_EMAIL = env.get("DEFAULT_FROM_EMAIL", default="Lectern <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if EMAIL_URL.startswith("console"):
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
else:
    from urllib.parse import unquote, urlsplit

    _email = urlsplit(EMAIL_URL)
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = _email.hostname
    EMAIL_PORT = _email.port or {"smtps": 465, "smtp+plain": 25}.get(_email.scheme, 587)
    EMAIL_HOST_USER = unquote(_email.username or "")
    EMAIL_HOST_PASSWORD = unquote(_email.password or "")
    EMAIL_USE_SSL = _email.scheme == "smtps"
    EMAIL_USE_TLS = _email.scheme == "smtp"
    EMAIL_TIMEOUT = 10  # a mail server that stops answering fails the task, which retries

# Accounts (django-allauth): students sign up with their email address and verify it;
# staff and the demo accounts may also log in with a username.
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
ACCOUNT_LOGIN_METHODS = {"email", "username"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
# Account emails go through the outbox (home/accounts.py).
ACCOUNT_ADAPTER = "home.accounts.AccountAdapter"
# A login field no longer than any address: a 50,000-character one broke SQLite's LIKE.
ACCOUNT_FORMS = {"login": "home.accounts.LoginForm", "signup": "home.accounts.SignupForm"}
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
# The client's address for rate limits (allauth's and the enquiry form's): behind this many
# proxies of ours, the entry the outermost one added to X-Forwarded-For; with 0, REMOTE_ADDR.
ALLAUTH_TRUSTED_PROXY_COUNT = env.integer("TRUSTED_PROXY_COUNT", 0)

# Content Security Policy, in every environment so that the tests exercise it (the
# Wagtail admin included): only our own scripts; inline styles for the admin's widgets.
_media_origins = [f"https://{AWS_S3_CUSTOM_DOMAIN}"] if AWS_STORAGE_BUCKET_NAME and AWS_S3_CUSTOM_DOMAIN else []
if AWS_STORAGE_BUCKET_NAME and AWS_S3_ENDPOINT_URL:
    _media_origins.append(AWS_S3_ENDPOINT_URL.rstrip("/"))
elif AWS_STORAGE_BUCKET_NAME:
    _media_origins.append(f"https://{AWS_STORAGE_BUCKET_NAME}.s3.amazonaws.com")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:", *_media_origins],
        "media-src": ["'self'", *_media_origins],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        # Embed blocks show videos from their providers.
        "frame-src": ["'self'", "https:"],
        "frame-ancestors": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    }
}

# Behind a proxy in production: HTTPS everywhere, cookies only over HTTPS, HSTS.
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = env.boolean("USE_X_FORWARDED_HOST", default=False)
    SECURE_SSL_REDIRECT = env.boolean("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.integer("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.boolean("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.boolean("SECURE_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]  # probes talk plain HTTP inside the network
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
# Wagtail's live preview shows the page in a same-origin frame, hence SAMEORIGIN not DENY.
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = ["security.W019"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout"}},
    "root": {"handlers": ["console"], "level": env.choice("LOG_LEVEL", ("DEBUG", "INFO", "WARNING", "ERROR"), "INFO")},
    # django-tasks logs every state change of Wagtail's background tasks.
    "loggers": {"django_tasks": {"level": "WARNING"}},
}

# Wagtail
WAGTAIL_SITE_NAME = env.get("SITE_NAME", default="Lectern")
# Complex pages post many fields from the editor.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no avatars fetched from a third party
