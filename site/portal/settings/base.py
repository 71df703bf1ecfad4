"""Settings shared by every environment. Values that differ per machine come from the environment."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp import constants as csp_constants
from django.core.exceptions import ImproperlyConfigured

PROJECT_DIR = Path(__file__).resolve().parent.parent  # site/portal
BASE_DIR = PROJECT_DIR.parent.parent  # the checkout
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_bool(name, default=False):
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "portal",
    "clubs",
    "training",
    "events",
    "reporting",
    "ideas",
    "reports",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.search_promotions",
    "wagtail.embeds",
    "wagtail.sites",
    "portal.admin.users_app.PortalUsersAppConfig",
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
    "django_tasks_db",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
]

MIDDLEWARE = [
    "portal.operations.health.HealthMiddleware",  # /healthz and /readyz, before the host check and everything else
    "portal.operations.edge_cache.GenerationMiddleware",  # nginx's cache generation (site/deploy/nginx.conf)
    "portal.operations.metrics.MetricsMiddleware",  # /metrics: 404 unless METRICS_ENABLED, 403 without the token
    "django.middleware.security.SecurityMiddleware",
    "portal.security.csp.PortalCSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "portal.middleware.RejectNulBytesMiddleware",
    # A stored anonymous feed (counted against the feed rate limit) and a stored anonymous page are answered here,
    # before sessions, locale, CSRF, auth and messages (feed_cache.py, page_cache.py).
    "portal.operations.feed_cache.AnonymousFeedCacheMiddleware",
    "portal.operations.page_cache.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.middleware.PortalLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "portal.operations.feed_validators.FeedValidatorMiddleware",  # a feed's 304 without a query
    "portal.operations.sites.CachedSiteMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "portal.security.private_responses.PrivateResponseMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "portal.security.two_factor.RequireVerifiedSession",
    "portal.security.two_factor_rule.RequireBoardSecondFactor",  # Board accounts: enrol, after a grace period
    "django.contrib.messages.middleware.MessageMiddleware",
    "portal.admin.object_gate.AdminObjectGateMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "axes.middleware.AxesMiddleware",
    # Every CSV: UTF-8 with a BOM, charset=utf-8 (inside CommonMiddleware).
    "portal.security.csv_encoding.CsvUtf8Middleware",
]

# Prometheus metrics at /metrics (portal/operations/metrics.py): off unless METRICS_ENABLED, and then only for requests
# carrying `Authorization: Bearer <METRICS_TOKEN>`; enabled without a token, the settings refuse to load.
METRICS_ENABLED = env_bool("METRICS_ENABLED")
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")
if METRICS_ENABLED:
    if not METRICS_TOKEN:
        raise ImproperlyConfigured("METRICS_ENABLED needs METRICS_TOKEN: /metrics is never served without one.")
    from portal.operations import metrics as _metrics

    MIDDLEWARE = _metrics.with_request_metrics(MIDDLEWARE)
# /readyz answers 503 once a ready task has waited longer than this (the task worker stopped or cannot keep up).
HEALTH_TASK_QUEUE_MAX_AGE = timedelta(minutes=int(os.environ.get("HEALTH_TASK_QUEUE_MAX_MINUTES", "15")))

ROOT_URLCONF = "portal.web.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# SQLite under the git-ignored var/ by default; DATABASE_URL selects PostgreSQL.
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while a writer commits; IMMEDIATE avoids lock upgrades failing under load.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "portal.User"
LOGIN_URL = "portal:login"
LOGIN_REDIRECT_URL = "portal:account"
LOGOUT_REDIRECT_URL = "/"
WAGTAIL_FRONTEND_LOGIN_URL = "/tai-khoan/dang-nhap/"  # private pages send visitors to the portal's own log-in
CSRF_FAILURE_VIEW = "portal.operations.faults.csrf_failure"  # an expired form: a Vietnamese page with the way back

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Ours (portal/security/passwords.py): the agency's, clubs', person's names and e-mail folded as search folds,
    # and ~40,000 common passwords (Django's list, zxcvbn's, Vietnamese habits) instead of Django's 20,000.
    {"NAME": "portal.security.passwords.PersonalNamesValidator"},
    {"NAME": "portal.security.passwords.CommonPasswordsValidator"},
]

# Vietnamese first: our source strings are Vietnamese, locale/en holds the English translation.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
FORMAT_MODULE_PATH = ["portal.formats"]
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = False
WAGTAIL_CONTENT_LANGUAGES = [("vi", "Tiếng Việt")]
WAGTAILADMIN_PERMITTED_LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
WAGTAIL_USER_TIME_ZONES = ["Asia/Ho_Chi_Minh"]
# strftime formats (Wagtail's date pickers), day/month/year as Vietnamese write them.
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
WAGTAIL_TIME_FORMAT = "%H:%M"

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns at start-up when it is missing
STATICFILES_DIRS = [PROJECT_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Private uploads (dispatch PDFs, certificate ZIPs) outside MEDIA_ROOT: only permission-checked views serve them.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", VAR_DIR / "private"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "portal.operations.storage.PrivateFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Ban Điều hành KNST Quảng Nam <no-reply@khoinghiep.quangnam.gov.vn>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Anonymous visitors' public pages are kept this long at most (portal.operations.page_cache); 0 turns the page
# cache off.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300"))
# nginx in front keeps what the page cache keeps this long at most (portal.operations.edge_cache); 0: no reverse
# proxy cache (development). Production sets it with the purge location (EDGE_PURGE_URL).
EDGE_CACHE_SECONDS = 0
# The home page's sections are kept this long at most under the same generation stamp (portal.pages.home), for
# every visitor; 0 computes them on each request. Like the page cache it needs a cache every process shares.
SECTION_CACHE_SECONDS = int(os.environ.get("SECTION_CACHE_SECONDS", "300"))

# Background work (certificate bundles, reminders) through Django's task framework; the database
# backend works on SQLite and PostgreSQL alike (`manage.py db_worker` runs the queue).
TASKS = {"default": {"BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

WAGTAIL_SITE_NAME = "Mạng lưới CLB Khởi nghiệp Quảng Nam"
WAGTAILADMIN_BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {
    # "simple" config: Vietnamese has no stemmer, and we fold diacritics ourselves (portal.pages.search).
    "default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "simple"},
}
# Privacy by log-in or by group only: Wagtail keeps a shared password in plain text and hands it to everyone alike.
WAGTAIL_PRIVATE_PAGE_OPTIONS = {"SHARED_PASSWORD": False}
WAGTAILDOCS_PRIVATE_COLLECTION_OPTIONS = {"SHARED_PASSWORD": False}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAIL_MODERATION_ENABLED = True
WAGTAILADMIN_COMMENTS_ENABLED = True
WAGTAIL_PASSWORD_RESET_ENABLED = True
TAGGIT_CASE_INSENSITIVE = True
# Page slugs are ASCII (chuyen-doi-so, never percent-encoded Vietnamese): portal.admin.slugs folds đ to d.
WAGTAIL_ALLOW_UNICODE_SLUGS = False
TAGGIT_STRIP_UNICODE_WHEN_SLUGIFYING = True  # "du lịch số" -> du-lich-so; đ -> d by portal.admin.slugs

# Portal rules
CLUB_QUIET_AFTER_DAYS = 90

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # The task worker's routine per-task lines are dropped; failures and slow tasks are kept (operations/task_log.py).
    "filters": {"quiet_tasks": {"()": "portal.operations.task_log.QuietTasks"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django_tasks": {"filters": ["quiet_tasks"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
# A successful task that runs longer than this is logged (a WARNING from portal.tasks).
TASK_SLOW_SECONDS = float(os.environ.get("TASK_SLOW_SECONDS", "10"))
# A task RUNNING this long whose worker no longer beats (manage.py run_worker's heartbeat, every
# TASK_HEARTBEAT_SECONDS; gone after TASK_WORKER_GONE_SECONDS without one) is marked failed and enqueued again once
# (portal.operations.task_recovery, every minute from run_scheduler). Finished task rows are deleted after
# TASK_RESULTS_KEEP_DAYS, failed ones after TASK_FAILED_KEEP_DAYS, the send ledger after SENT_MAIL_KEEP_DAYS (daily).
TASK_STUCK_MINUTES = int(os.environ.get("TASK_STUCK_MINUTES", "30"))
TASK_HEARTBEAT_SECONDS = int(os.environ.get("TASK_HEARTBEAT_SECONDS", "30"))
TASK_WORKER_GONE_SECONDS = int(os.environ.get("TASK_WORKER_GONE_SECONDS", "120"))
TASK_RESULTS_KEEP_DAYS = int(os.environ.get("TASK_RESULTS_KEEP_DAYS", "14"))
TASK_FAILED_KEEP_DAYS = int(os.environ.get("TASK_FAILED_KEEP_DAYS", "90"))
SENT_MAIL_KEEP_DAYS = int(os.environ.get("SENT_MAIL_KEEP_DAYS", "90"))

# Log-in lockout (django-axes, see portal/security/lockout.py): 5 failures per account or 20 per address within 15
# minutes lock log-in for 15 minutes, on the front-end and the admin screen alike.
AUTHENTICATION_BACKENDS = ["portal.security.lockout.LockoutBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_HANDLER = "portal.security.lockout.LockoutHandler"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_IP_FAILURE_LIMIT = int(os.environ.get("AXES_IP_FAILURE_LIMIT", "20"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_RESET_ON_SUCCESS = True  # the account's count only (LockoutHandler.reset_user_attempts)
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # the lockout ends when the page says it does
AXES_LOCKOUT_CALLABLE = "portal.security.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "portal.security.lockout.axes_client_ip"
CLIENT_IP_HEADER = os.environ.get("CLIENT_IP_HEADER", "")  # e.g. HTTP_X_REAL_IP behind the reverse proxy

# Two-step verification (django-otp TOTP + backup codes, see portal/security/two_factor.py): optional for everyone,
# required for Board accounts and superusers (portal/security/two_factor_rule.py) after a grace period that ends
# TWO_FACTOR_GRACE_DAYS after the later of the account's creation and TWO_FACTOR_REQUIRED_SINCE (YYYY-MM-DD).
TWO_FACTOR_REQUIRED_FOR_BOARD = env_bool("TWO_FACTOR_REQUIRED_FOR_BOARD", True)
TWO_FACTOR_GRACE_DAYS = int(os.environ.get("TWO_FACTOR_GRACE_DAYS", "14"))
TWO_FACTOR_REQUIRED_SINCE = os.environ.get("TWO_FACTOR_REQUIRED_SINCE", "2026-12-03")
WAGTAILADMIN_USER_LOGIN_FORM = "portal.security.two_factor.AdminLoginForm"
OTP_TOTP_ISSUER = "Khởi nghiệp Quảng Nam"

# Content-Security-Policy (django-csp, portal/security/csp.py): strict on the public site, wider under /admin/.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", csp_constants.NONCE],
        "style-src": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],  # progress bars' widths
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["'none'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
CSP_ADMIN_DIRECTIVES = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'unsafe-inline'"],  # Wagtail's admin writes inline scripts and handlers
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "frame-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'self'"],
}
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # avatars never come from another host (nor leak e-mail hashes to one)
# Rich text without "embed": an embedded video would come from another host, which the public CSP refuses.
WAGTAILADMIN_RICH_TEXT_EDITORS = {
    "default": {
        "WIDGET": "wagtail.admin.rich_text.DraftailRichTextArea",
        "OPTIONS": {
            "features": ["h2", "h3", "h4", "bold", "italic", "ol", "ul", "hr", "link", "document-link", "image"]
        },
    }
}
WAGTAILDOCS_DOCUMENT_FORM_BASE = "portal.security.uploads.DocumentForm"  # the content must match the extension
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000  # all frames together; a 40-megapixel photo still passes
# ZIP-based documents (docx, xlsx, pptx, odt, ods, zip), read without extracting (portal/security/archives.py).
UPLOAD_ARCHIVE_MAX_ENTRIES = 2000
UPLOAD_ARCHIVE_MAX_TOTAL_SIZE = 100 * 1024 * 1024  # uncompressed
UPLOAD_ARCHIVE_MAX_RATIO = 100  # for entries over 1 MiB
WAGTAILIMAGES_IMAGE_FORM_BASE = "portal.security.uploads.ImageForm"  # a damaged image is refused, not stored
AXES_DISABLE_ACCESS_LOG = True  # no table of every successful log-in (addresses are personal data, nobody reads it)

# ToT certification renewal: the trainer and the Board are told this many days before a certification expires
# (remind_certification_expiries, daily); the renewal extends by the course's validity_months, or this default.
CERTIFICATION_RENEWAL_NOTICE_DAYS = int(os.environ.get("CERTIFICATION_RENEWAL_NOTICE_DAYS", "60"))
CERTIFICATION_DEFAULT_VALIDITY_MONTHS = 36

# The Board's signature on every certificate PDF (training/certificates/signing.py): a PKCS#12 file and its
# passphrase, or a PEM key and certificate (with the CA's intermediates). Never in the database. Without one,
# development, the demo and the tests make a self-signed key once into VAR_DIR/signing/; production does not.
CERTIFICATE_SIGNING_PKCS12 = os.environ.get("CERTIFICATE_SIGNING_PKCS12", "")
CERTIFICATE_SIGNING_PASSPHRASE = os.environ.get("CERTIFICATE_SIGNING_PASSPHRASE", "")
CERTIFICATE_SIGNING_KEY = os.environ.get("CERTIFICATE_SIGNING_KEY", "")
CERTIFICATE_SIGNING_CERT = os.environ.get("CERTIFICATE_SIGNING_CERT", "")
CERTIFICATE_SIGNING_CHAIN = os.environ.get("CERTIFICATE_SIGNING_CHAIN", "")
CERTIFICATE_SIGNING_GENERATE = True
# The Board's Ed25519 key for the certificates' verifiable credentials (training/certificates/credentials.py): a
# PEM file. Development, the demo and the tests make one once into VAR_DIR/signing/; production does not.
CREDENTIAL_SIGNING_KEY = os.environ.get("CREDENTIAL_SIGNING_KEY", "")
CREDENTIAL_SIGNING_GENERATE = True
