"""Settings for the Social Care Academy: one module, configured by the environment.

Every value that differs between a laptop, CI and production is read here, from the
environment, through one `environ.Env` object. Nothing else in the project reads os.environ.
"""

from pathlib import Path
from urllib.parse import urlsplit

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.core.management.utils import get_random_secret_key

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it in the environment (a long random string); "
            "only a DEBUG=1 development server may run without one."
        )
    # Development only: a fresh key per process is fine, sessions simply do not survive restarts.
    SECRET_KEY = "dev-" + get_random_secret_key()

# The public address, used in emails (invitation links) and as the default host name.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000" if DEBUG else "").rstrip("/")
if not SITE_URL:
    raise ImproperlyConfigured(
        "SITE_URL is not set. Set it to the academy's public address, like https://academy.example.org, "
        "so that links in emails work."
    )
ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [urlsplit(SITE_URL).hostname]
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[SITE_URL])

# --- Applications -------------------------------------------------------------------------

INSTALLED_APPS = [
    "academy",
    "cms",
    "cms.events",
    "lms",
    "lrs",
    "certificates",
    "reporting",
    "recruitment",
    "bank",
    "wagtail.contrib.forms",
    "wagtail.contrib.routable_page",
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
    "django_tasks",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "academy.middleware.RequireMFAMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "academy.urls"
WSGI_APPLICATION = "academy.wsgi.application"

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
                "academy.context_processors.academy",
            ],
        },
    },
]

# --- Data ---------------------------------------------------------------------------------

VAR_DIR.mkdir(exist_ok=True)
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'academy.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")

if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Background work ----------------------------------------------------------------------
# Celery runs the academy's own tasks. Without REDIS_URL it runs them eagerly in-process,
# which is what `make demo` and a laptop's test run use.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_TIME_LIMIT = 5 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 4 * 60
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "Europe/London"
# How often beat counts the whole area's slowest figures again for the council (reporting/kept.py).
REPORTING_KEEP_MINUTES = env.int("REPORTING_KEEP_MINUTES", default=15)
# What `celery beat` runs: each entry a task that loads by id and calls a service.
CELERY_BEAT_SCHEDULE = {
    "send-unsent-invitations": {"task": "academy.tasks.send_unsent_invitations", "schedule": 10 * 60},
    "forward-statements": {"task": "lrs.tasks.forward_statements", "schedule": 60},
    "publish-scheduled-pages": {"task": "cms.tasks.publish_scheduled_pages", "schedule": 60},
    "send-session-reminders": {"task": "cms.events.tasks.send_session_reminders", "schedule": 15 * 60},
    # Hourly, so a missed run is caught up soon; each reminder is still sent only once (ReminderSent).
    "send-training-reminders": {"task": "lms.tasks.send_training_reminders", "schedule": 60 * 60},
    # On the 1st, for the month just ended: snapshots first (trends), then the monthly PDF reports.
    "take-monthly-snapshots": {
        "task": "reporting.tasks.take_monthly_snapshots",
        "schedule": crontab(minute=15, hour=1, day_of_month=1),
    },
    "generate-monthly-reports": {
        "task": "reporting.tasks.generate_monthly_reports",
        "schedule": crontab(minute=15, hour=3, day_of_month=1),
    },
    "keep-area-figures": {
        "task": "reporting.tasks.keep_area_figures",
        "schedule": REPORTING_KEEP_MINUTES * 60,
    },
}

# Wagtail's own background work (reference index, image renditions, cache purges) goes through
# django-tasks. It is small and must never be lost, so it runs immediately in the request.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# --- People and sign-in -------------------------------------------------------------------

AUTH_USER_MODEL = "academy.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "account_home"
LOGOUT_REDIRECT_URL = "/"

ACCOUNT_ADAPTER = "academy.adapters.AccountAdapter"
ACCOUNT_FORMS = {"login": "academy.forms.SignInForm"}
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
# One email address per person, the one they sign in with; changing it is verified first.
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Social Care Academy: "
ACCOUNT_SESSION_REMEMBER = None
# Login throttling: failed attempts per IP and per account, kept in the cache (Redis in production).
ACCOUNT_RATE_LIMITS = {
    "login_failed": env.str("LOGIN_FAILED_RATE", default="10/m/ip,5/5m/key"),
    "login": "30/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Social Care Academy"
# Editors, commissioners and superusers must set up an authenticator app before they can do
# anything else. The demo switches this off (and says so on every page).
ACADEMY_MFA_REQUIRED = env.bool("ACADEMY_MFA_REQUIRED", default=True)

# Commissioners see aggregate figures; whether they may open named records is a policy choice.
ACADEMY_COMMISSIONERS_SEE_NAMED_RECORDS = env.bool("ACADEMY_COMMISSIONERS_SEE_NAMED_RECORDS", default=False)

# A manager's staff upload is checked whole before anything is written; this bounds its size.
ACADEMY_INVITE_CSV_MAX_ROWS = 1000
ACADEMY_INVITE_CSV_MAX_BYTES = 512 * 1024

# --- Learning records ----------------------------------------------------------------------
# An external LRS (Ralph, Learning Locker, ...) that receives a copy of every statement.
LRS_ENDPOINT = env.str("LRS_ENDPOINT", default="")
LRS_KEY = env.str("LRS_KEY", default="")
LRS_SECRET = env.str("LRS_SECRET", default="")
LRS_VERSION = env.str("LRS_VERSION", default="1.0.3")
LRS_OUTBOX_BATCH = env.int("LRS_OUTBOX_BATCH", default=100)

# --- Certificate signing ------------------------------------------------------------------
# Portable credentials (Open Badges 3.0) are signed with an Ed25519 key that lives only in
# configuration, never in the database or the repository: a PEM file (CERTIFICATE_SIGNING_KEY_FILE)
# or the PEM text itself (CERTIFICATE_SIGNING_KEY); set one. `manage.py certificate_key generate
# PATH` makes a key file. To rotate, point the setting at a new key and add the old key's public
# multibase (z6Mk…, comma-separated) to CERTIFICATE_RETIRED_PUBLIC_KEYS: the DID document at
# /.well-known/did.json keeps listing it, so credentials it signed still verify.
CERTIFICATE_SIGNING_KEY_FILE = env.str("CERTIFICATE_SIGNING_KEY_FILE", default="")
CERTIFICATE_SIGNING_KEY = env.str("CERTIFICATE_SIGNING_KEY", default="", multiline=True)
CERTIFICATE_RETIRED_PUBLIC_KEYS = env.list("CERTIFICATE_RETIRED_PUBLIC_KEYS", default=[])
# With neither set, DEBUG (`make demo`) and the test suite sign with a key generated once into
# this folder (git ignores var/); anywhere else signing refuses until a key is configured.
CERTIFICATE_DEVELOPMENT_KEY_DIR = VAR_DIR / "keys"

# --- Email --------------------------------------------------------------------------------

# EMAIL_URL, e.g. smtp+tls://user:password@smtp.example.org:587 (console output when unset).
globals().update(env.email("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Social Care Academy <academy@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
ACADEMY_HELP_EMAIL = env.str("ACADEMY_HELP_EMAIL", default="academy@example.org")

# --- Internationalisation -----------------------------------------------------------------

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# --- Static and media ---------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("govuk", BASE_DIR / "node_modules" / "govuk-frontend" / "dist" / "govuk"),
]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
# Learners' certificates and observation evidence: never under MEDIA_ROOT, served only by views that check.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=VAR_DIR / "private")

# --- Certificates ---------------------------------------------------------------------------
# Public verification is rate-limited per address (django-ratelimit, counted in the cache).
CERTIFICATE_VERIFY_RATE = env.str("CERTIFICATE_VERIFY_RATE", default="60/m")
# Behind a TLS-terminating proxy every request comes from the proxy: count the visitor's address,
# read from X-Forwarded-For past TRUSTED_PROXY_COUNT proxies (allauth and django-ratelimit alike).
ALLAUTH_TRUSTED_PROXY_COUNT = env.int(
    "TRUSTED_PROXY_COUNT", default=1 if env.bool("BEHIND_PROXY", default=False) else 0
)
RATELIMIT_IP_META_KEY = "academy.client_ip.client_ip"
# A font with the letters of every learner's name (Debian's fonts-dejavu-core); else reportlab's Vera.
CERTIFICATE_FONT_DIR = env.str("CERTIFICATE_FONT_DIR", default="/usr/share/fonts/truetype/dejavu")
# A deployment runs collectstatic and serves hashed, compressed files; development and the test
# suite (STATIC_MANIFEST=0) serve straight from the source folders.
STATIC_MANIFEST = env.bool("STATIC_MANIFEST", default=not DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATIC_MANIFEST
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST

# --- Wagtail ------------------------------------------------------------------------------

WAGTAIL_SITE_NAME = "Social Care Academy"
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILADMIN_LOGIN_URL = "/accounts/login/"
# People manage their email, password and two-factor sign-in in one place, the academy's account
# pages, where an email change is verified first. Wagtail's own account forms would bypass that.
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- Security -----------------------------------------------------------------------------
# HTTPS is assumed wherever DEBUG is off; HTTPS=0 turns it off for a plain-HTTP test server.
HTTPS = env.bool("HTTPS", default=not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("BEHIND_PROXY", default=False) else None
)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_HTTPONLY = True
# Wagtail's page preview frames the site inside its own admin, so framing by the same origin stays.
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = ["security.W019"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # Wagtail's immediate background tasks log every start and finish; only their problems matter.
    # Celery logs every task it runs; run eagerly (make demo) that is a line per certificate made.
    "loggers": {"django_tasks": {"level": "WARNING"}, "celery.app.trace": {"level": "WARNING"}},
}
