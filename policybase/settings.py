"""Settings for PolicyBase, read from the environment with safe development defaults."""

import datetime
import os
from email.utils import getaddresses
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    # Development only: a fixed key is harmless on a site that only a developer reaches.
    SECRET_KEY = "dev-only-insecure-key-policybase"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")

# Behind TLS (HTTPS=1): every request redirected to HTTPS, HSTS, cookies sent only over
# TLS. A TLS proxy in front says which requests came over HTTPS in a header it sets (and
# strips from what clients send): SECURE_PROXY_SSL_HEADER=X-Forwarded-Proto.
HTTPS = env_bool("HTTPS", False)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31_536_000 if HTTPS else 0))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
if proxy_header := os.environ.get("SECURE_PROXY_SSL_HEADER", "").strip():
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + proxy_header.upper().replace("-", "_"), "https")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
# The site's pages load nothing but their own stylesheet: no script, no frame, no plugin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Browser features no page uses, refused to the page and anything it could embed.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)
# Referrer-Policy (same-origin), X-Content-Type-Options (nosniff) and X-Frame-Options (DENY)
# are Django's defaults, set by SecurityMiddleware and XFrameOptionsMiddleware.

# Admin login: after AXES_FAILURE_LIMIT wrong passwords for one username from one address,
# that pair is refused (HTTP 429) for AXES_COOLOFF_MINUTES, the right password included.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Errors: logged with their traceback to stderr (where gunicorn and systemd collect it),
# and mailed to ADMINS ("Name <address>, ...") when set.
ADMINS = getaddresses(env_list("ADMINS", ""))
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", "policybase@localhost")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"}},
    "handlers": {
        "stderr": {"class": "logging.StreamHandler", "formatter": "plain"},
        "mail_admins": {"class": "django.utils.log.AdminEmailHandler", "level": "ERROR"},
    },
    "root": {"handlers": ["stderr"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        # Errors propagate to the root's stderr; the mail goes only where ADMINS are set.
        "django": {
            "handlers": ["mail_admins"] if ADMINS else [],
            "level": os.environ.get("LOG_LEVEL", "WARNING"),
        },
        # Every probe for a missing page is a 404 warning here: errors only.
        "django.request": {"level": "ERROR"},
    },
}

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "axes",
    "csp",
    "django_filters",
    "reversion",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # the API docs page's scripts, served from here (CSP: self)
    "documents",
    "programs",
    # The synthetic corpus and the benchmarks' commands (no models, no pages).
    "bench",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Headers on every response, cached pages included (so before the page cache).
    "csp.middleware.CSPMiddleware",
    "policybase.security.PermissionsPolicyMiddleware",
    # Static files straight from the app server, compressed and cached forever by hash.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A reader whose browser (or earlier choice) prefers English goes to the English page,
    # before the page cache, which keeps each language's page under its own address.
    "policybase.language.PreferredLanguageMiddleware",
    # Visitors' pages from the shared cache, before the session and auth work they skip.
    "policybase.caching.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language of a page is its address's: /en/... English, any other Korean.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it answers a locked-out login.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "policybase.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "policybase.wsgi.application"

# SQLite by default so the site runs with no server; PostgreSQL is the production engine.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
# Read replicas of the primary, comma-separated URLs: reads go there, writes to default.
for number, url in enumerate(env_list("DATABASE_REPLICA_URLS", "")):
    DATABASES[f"replica_{number}"] = dj_database_url.parse(
        url, conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0"))
    )
    # Tests see one database: a replica is a mirror of the primary there.
    DATABASES[f"replica_{number}"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["policybase.routers.PrimaryReplicaRouter"]
# SQLite: a transaction takes the write lock when it begins, so that two writers (two
# ingests) wait for each other's turn, up to the timeout, instead of one failing as it
# upgrades a read lock to a write lock ("database is locked").
for database in DATABASES.values():
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database.setdefault("OPTIONS", {}).update(transaction_mode="IMMEDIATE", timeout=30)
# A common search word's bitmap of matching rows must fit in work_mem: past it the bitmap
# turns lossy and PostgreSQL re-reads the tokens of every row on its pages (7 s instead of
# 0.6 s for a word in 155,000 of 1,000,000 entries, measured). Reading those rows, a
# connection asks for the next 64 table pages from disk while it reads one: with the
# table out of memory, the 3,900 pages of a word's 4,000 newest matches at 100,000 took
# 240-280 ms to read one by one, 48 ms so (and as long as before, 31-34 ms, from the
# operating system's cache).
#
# Prepared statements: a page's queries are few and small, and PostgreSQL spent more time
# planning them than running them (2.2-4.8 ms of its CPU a view of an announcement's,
# strategy's, ministry's or person's page at 100,000 announcements; 1.1-2.5 ms with their
# plans kept). Parameters go to the server apart from the SQL, so a query run five times on
# a connection is prepared there; after five more, PostgreSQL may keep one plan for any
# parameters. For the search's queries that plan assumes a word in few entries, so it asks
# the GIN index, as their own plans do: first searches at 1,000,000 took as long after 450
# runs of such plans as without them.
# A connection pooler in transaction mode must keep prepared statements per client
# (PgBouncer 1.21+, max_prepared_statements) or be told so: DATABASE_PREPARED_STATEMENTS=0.
PREPARED_STATEMENTS = os.environ.get("DATABASE_PREPARED_STATEMENTS", "1") == "1"
for database in DATABASES.values():
    if database["ENGINE"] == "django.db.backends.postgresql":
        options = database.setdefault("OPTIONS", {})
        options["options"] = "-c work_mem=64MB -c effective_io_concurrency=64"
        if PREPARED_STATEMENTS:
            options.update(server_side_binding=True, prepare_threshold=5)


def cache_settings(url, debug):
    """The default cache for CACHE_URL ``url``: Redis (redis://, shared by every app server),
    files (file:///path, shared by the processes of one machine), process memory
    (locmem://). Without one: files under .cache/django in production, so that gunicorn's
    workers and an import share the data version (policybase/caching.py), and process
    memory in development. Each holds CACHE_MAX_ENTRIES keys (LocMemCache's default, 300,
    held fewer than 60 pages: a page takes several keys)."""
    timeout = int(os.environ.get("CACHE_TIMEOUT", "300"))
    options = {"MAX_ENTRIES": int(os.environ.get("CACHE_MAX_ENTRIES", "20000"))}
    if url.startswith(("redis://", "rediss://")):
        backend = "django.core.cache.backends.redis.RedisCache"
        return {"BACKEND": backend, "LOCATION": url, "TIMEOUT": timeout}
    if url.startswith("file://") or (not url and not debug):
        location = url.removeprefix("file://") or str(BASE_DIR / ".cache" / "django")
        backend = "django.core.cache.backends.filebased.FileBasedCache"
        return {"BACKEND": backend, "LOCATION": location, "TIMEOUT": timeout, "OPTIONS": options}
    if url and not url.startswith("locmem://"):
        raise ImproperlyConfigured(f"CACHE_URL: unknown scheme in {url!r}")
    backend = "django.core.cache.backends.locmem.LocMemCache"
    return {"BACKEND": backend, "TIMEOUT": timeout, "OPTIONS": options}


CACHES = {"default": cache_settings(os.environ.get("CACHE_URL", ""), DEBUG)}

# How long a rendered page may stay in the cache; any change to the data makes it stale
# sooner (policybase/caching.py). 0 turns the page cache off.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Korean first; English pages live under /en/ (docs/interface.md). The compiled
# catalogue (locale/en/LC_MESSAGES/django.mo) is committed: no gettext needed to run.
LANGUAGE_CODE = "ko"
LANGUAGES = [("ko", "한국어"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Seoul"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Production collects static files here (collectstatic); development serves from static/.
STATIC_ROOT = None if DEBUG else Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# In development WhiteNoise serves straight from static/; production runs collectstatic.
WHITENOISE_USE_FINDERS = DEBUG
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Where the source press releases and the fixtures generated from them live.
FIXTURES_DIR = BASE_DIR / "fixtures"


# Data out (docs/data-out.md): the read-only API, its rate limit for anonymous clients
# (counted in the default cache), the absolute URLs of the bulk dump, and where dumps go.
API_ANON_RATE = os.environ.get("API_ANON_RATE", "120/minute")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_THROTTLE_CLASSES": ["policybase.throttling.AnonymousRateThrottle"],
    "DEFAULT_PAGINATION_CLASS": "policybase.throttling.Pages",
    "PAGE_SIZE": 50,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "PolicyBase API",
    "DESCRIPTION": "Read-only records of Korean science and technology policy, each fact "
    "with the announcement, offsets and sentence it came from.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several models have a "kind": each its own enum, by name.
    "ENUM_NAME_OVERRIDES": {
        "AnnouncementKind": "documents.models.Announcement.Kind",
        "MinistryKind": "documents.models.Ministry.Kind",
        "AgendaItemKind": "programs.models.AgendaItem.Kind",
        "SearchEntryKind": "programs.models.SearchEntry.Kind",
    },
}
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
DUMP_DIR = Path(os.environ.get("DUMP_DIR", BASE_DIR / "dumps"))
