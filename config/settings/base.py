"""Settings shared by every environment, read from the process environment.

Every value that differs between a laptop and production comes from an environment
variable (see the configuration table in README.md). Unset variables fall back to the
embedded defaults: a SQLite file in the project folder, Celery running tasks eagerly
and an in-process cache.
"""

import runpy
from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.redis import redis_settings

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

# A development key is only acceptable while DEBUG is on; anything else must bring its own.
if DEBUG:
    SECRET_KEY = env.str("SECRET_KEY", default="django-insecure-development-only-key")
else:
    SECRET_KEY = env.str("SECRET_KEY", default="")
    if not SECRET_KEY:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off. Set the SECRET_KEY environment variable.")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "django_celery_beat",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "axes",
    "csp",
    "coaching",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "coaching.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After the messages: a saved change whose background tasks wait for the broker says so.
    "coaching.middleware.TaskQueueNoticeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

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
                "coaching.context_processors.navigation",
                "coaching.context_processors.notifications_unread",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "coaching.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# The lockout check runs before the password is even looked at.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("es", _("Spanish")),
    ("de", _("German")),
    ("it", _("Italian")),
    ("zh-hans", _("Simplified Chinese")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Coaching <coaching@localhost>")

# Redis is optional: without it, tasks run in-process and the cache lives in memory, so a
# newcomer's first run needs nothing but Python. With it, Redis carries both.
# A lost Redis costs a request about a second (REDIS_TIMEOUT), never the 20 s of Celery's
# retries: tasks wait in the outbox table until the broker is back, and the API throttle
# lets requests through while it cannot count them (see config/redis.py).
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    vars().update(redis_settings(REDIS_URL, timeout=env.float("REDIS_TIMEOUT", default=1.0)))
else:
    CELERY_BROKER_URL = "memory://localhost/"
    CELERY_RESULT_BACKEND = "cache+memory://"
    CELERY_TASK_ALWAYS_EAGER = True
    CELERY_TASK_EAGER_PROPAGATES = True
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# --- Content-Security-Policy (django-csp) ---------------------------------------------
# Every script and style comes from the app's own static files: no inline <script>, no
# style="..." attribute, no onclick="...", no eval (htmx's eval is switched off by the
# htmx-config meta tag in base.html). Bootstrap draws its arrows, ticks and close buttons with
# data: SVG images in its CSS, hence data: for images only.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

REST_FRAMEWORK = {
    # Token first, so an anonymous request is answered 401 with a WWW-Authenticate header.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PARSER_CLASSES": [
        "coaching.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_FILTER_BACKENDS": ["coaching.api.filters.StrictFilterBackend"],
    # Only token-authenticated requests (integrations) are throttled; browser sessions are not.
    "DEFAULT_THROTTLE_CLASSES": ["coaching.api.throttling.TokenRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"token": env.str("API_TOKEN_THROTTLE_RATE", default="1000/min")},
    "EXCEPTION_HANDLER": "coaching.api.exceptions.exception_handler",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Coaching API",
    "DESCRIPTION": "Teams, agents, KPIs and the coaching cycle. Every list is scoped by the same visibility "
    "policy as the pages; see docs/api.md.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Tag operations by resource (goals, observations, ...) rather than by "v1".
    "SCHEMA_PATH_PREFIX": r"/api/v[0-9]+",
    "ENUM_NAME_OVERRIDES": {
        "GoalStatusEnum": "coaching.models.GoalStatus",
        "ChannelEnum": "coaching.models.Channel",
        "ObservationMethodEnum": "coaching.models.ObservationMethod",
        "DisputeStatusEnum": "coaching.models.DisputeStatus",
        "MetricUnitEnum": "coaching.models.MetricUnit",
        "MetricKindEnum": "coaching.models.MetricKind",
        "MetricRoleEnum": "coaching.models.MetricRole",
        "PersonRoleEnum": "coaching.models.Role",
        "DirectionEnum": "coaching.models.Direction",
        "AggregationEnum": "coaching.models.Aggregation",
    },
}

# The OpenAPI schema (/api/schema/) and Swagger UI (/api/docs/) need signing in unless this is on.
COACHING_PUBLIC_API_DOCS = env.bool("COACHING_PUBLIC_API_DOCS", default=False)

# How many days back the "recent" KPI panels look, and how long without an observation
# flags an agent for the coach.
COACHING_RECENT_DAYS = env.int("COACHING_RECENT_DAYS", default=30)
COACHING_BASELINE_DAYS = env.int("COACHING_BASELINE_DAYS", default=90)
COACHING_OBSERVATION_STALE_DAYS = env.int("COACHING_OBSERVATION_STALE_DAYS", default=30)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {},
}
if CELERY_TASK_ALWAYS_EAGER:
    # Tasks run inside the web process: a log line per task is noise there.
    LOGGING["loggers"]["celery.app.trace"] = {"level": "WARNING"}

# --- Sign-in lockout (django-axes) ----------------------------------------------------
# After AXES_FAILURE_LIMIT wrong passwords for one username from one address, that pair is
# refused (even with the right password) until the cool-off has passed since the last
# attempt, or an administrator deletes its access attempt in the Django admin. Guessing at
# another person's account from elsewhere therefore never locks them out at their desk.
# API tokens do not go through authenticate() and are not counted.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
_cooloff_minutes = env.int("AXES_COOLOFF_MINUTES", default=15)
# 0 minutes: locked until an administrator unlocks.
AXES_COOLOFF_TIME = timedelta(minutes=_cooloff_minutes) if _cooloff_minutes else None
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False  # no banner on every command
# Failed attempts and lockouts are warnings; the info lines of every sign-in are noise.
LOGGING["loggers"]["axes"] = {"level": "WARNING"}
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# The client address: REMOTE_ADDR when nothing stands in front of the app. Behind N reverse
# proxies it is the Nth address from the right of X-Forwarded-For (REMOTE_ADDR being the
# last proxy), so addresses a client writes into the header itself are never believed.
# ipware counts only the proxies listed in the header (N - 1) and, when not strict, takes
# that position even when a client prepended addresses of its own. REMOTE_ADDR is left out
# there, or ipware would prefer a public proxy address to a private (intranet) client's.
_reverse_proxies = env.int("AXES_REVERSE_PROXY_COUNT", default=0)
if _reverse_proxies:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR",)
    AXES_IPWARE_PROXY_COUNT = _reverse_proxies - 1
    IPWARE_STRICT = False
else:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)

# --- KPI ingestion -------------------------------------------------------------------
# Import files large enough to go to a background worker are stored through Django's
# storage API (STORAGES["default"]) and read back by the worker through it, so web
# processes and workers never share a disk: on a single machine the file system under
# MEDIA_ROOT; with COACHING_STORAGE_BUCKET set, an S3-compatible bucket (django-storages;
# credentials from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or the machine's role).
# Nothing stored there is served over HTTP.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "media/"
COACHING_STORAGE_BUCKET = env.str("COACHING_STORAGE_BUCKET", default="")
if COACHING_STORAGE_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": COACHING_STORAGE_BUCKET,
            # Every key goes under this prefix, so one bucket may hold other things too.
            "location": env.str("COACHING_STORAGE_PREFIX", default="coaching"),
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,  # MinIO, Ceph, R2, ...
            "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
            "addressing_style": env.str("AWS_S3_ADDRESSING_STYLE", default="") or None,  # "path" for most MinIO
            "access_key": env.str("AWS_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default="") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
# A stored import file is deleted as soon as its import has finished (succeeded or failed),
# unless it is to be kept this many days (to look at a failed file, say); the hourly tidy-up
# deletes it then. 0: delete at once.
COACHING_IMPORT_FILE_RETENTION_DAYS = env.int("COACHING_IMPORT_FILE_RETENTION_DAYS", default=0)
# Larger import files are refused outright.
COACHING_IMPORT_MAX_BYTES = env.int("COACHING_IMPORT_MAX_BYTES", default=512 * 1024 * 1024)
# Files above this size are imported by a Celery task; smaller ones while the request waits.
COACHING_IMPORT_ASYNC_BYTES = env.int("COACHING_IMPORT_ASYNC_BYTES", default=2 * 1024 * 1024)
# How many errors an import's answer lists (it always says how many there were in all).
COACHING_IMPORT_MAX_ERRORS = env.int("COACHING_IMPORT_MAX_ERRORS", default=100)
# A waiting or running import with no sign of life for this long lost its process: the sweeper
# (beat, every five minutes) marks it failed. A run saves one after every 50,000 rows, but
# not while it writes, which for the largest files takes minutes: keep this well above that.
COACHING_IMPORT_STALE_MINUTES = env.int("COACHING_IMPORT_STALE_MINUTES", default=30)
# The largest request body outside file uploads (Django's own limit, 2.5 MB by default): a
# JSON import of about 20,000 rows. Larger sets go as a CSV file.
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=2_621_440)
# An import changing at most this many daily values refreshes their roll-ups before it
# commits; a larger one commits first and leaves the roll-ups and the alert rules to a
# background task, whose progress its page shows.
COACHING_IMPORT_INLINE_ROLLUP_ROWS = env.int("COACHING_IMPORT_INLINE_ROLLUP_ROWS", default=50_000)

# --- Pulse surveys -------------------------------------------------------------------
# A group's pulse results (a team in a round, the organisation, a mood check-in group) are
# shown only when at least this many people answered, so no answer can be traced back to
# a person. Configurable, but never below 3: a smaller value is raised to 3.
COACHING_PULSE_MIN_RESPONSES = max(3, env.int("COACHING_PULSE_MIN_RESPONSES", default=5))

# --- Periodic tasks ------------------------------------------------------------------
# The schedule lives beside the tasks, in a file that imports nothing from the app; it is
# read by its path so that the settings never import ``coaching`` (whose modules need the
# settings first). django-celery-beat copies it into its tables, where an administrator
# can pause or move an entry.
CELERY_BEAT_SCHEDULE = runpy.run_path(str(BASE_DIR / "coaching" / "tasks" / "schedule.py"))["BEAT_SCHEDULE"]
# Absolute links in emails (e.g. https://coaching.example.com); pages use relative links.
COACHING_SITE_URL = env.str("COACHING_SITE_URL", default="")
