"""Settings for Brobygning, read from the environment.

`DJANGO_ENV=demo` (the default) runs on a local SQLite file with demo conveniences.
`DJANGO_ENV=production` requires a secret key, allowed hosts and PostgreSQL: the data is
special-category personal data (GDPR art. 9), and production gets no defaults for secrets.
A missing or malformed variable stops the process with a message naming it.
"""

import os
from datetime import timedelta
from pathlib import Path

from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

from brobygning.env import EnvReader

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = EnvReader()

DJANGO_ENV = env.choice("DJANGO_ENV", choices=("demo", "production"), default="demo")
PRODUCTION = DJANGO_ENV == "production"

if PRODUCTION:
    SECRET_KEY = env.required("DJANGO_SECRET_KEY", min_length=50)
    # A rotation: the former key still verifies what it signed (sessions, links) meanwhile.
    SECRET_KEY_FALLBACKS = env.list("DJANGO_SECRET_KEY_FALLBACKS", default=[])
    ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", required=True)
    DEBUG = False
else:
    VAR_DIR.mkdir(exist_ok=True)
    SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="") or env.demo_secret_key(VAR_DIR)
    ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
    DEBUG = env.bool("DJANGO_DEBUG", default=False)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "auditlog",
    "axes",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "csp",
    # The layers, lowest first (ARCHITECTURE.md); the import contracts in .importlinter.
    "brobygning.core",
    "actors",
    "households",
    "referrals",
    "followups",
    "brobygning.start",
    "brobygning.dashboard",
    "brobygning.privacy",
    "brobygning.monitor",
    "brobygning.demo",
]

MIDDLEWARE = [
    "brobygning.core.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "brobygning.core.middleware.DanishFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Deny by default: every view needs a logged-in user unless marked login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # One security event for each 403/404 a view raises (the access layer).
    "brobygning.core.security_log.AccessDeniedLogMiddleware",
    # Writes again the access-log rows of a view that failed after logging (rolled back).
    "brobygning.core.audit.KeepAccessLogOnErrorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "brobygning.core.middleware.SessionTimeoutMiddleware",
    "brobygning.core.middleware.RequireMFAMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "brobygning.core.middleware.NonceOnEveryResponseCSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "brobygning.core.middleware.NoStoreMiddleware",
    # Last, as django-axes requires: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "brobygning.urls"
WSGI_APPLICATION = "brobygning.wsgi.application"

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
                "brobygning.core.navigation.navigation",
            ],
        },
    },
]

# --- Database ----------------------------------------------------------------------------
DATABASES = {
    "default": env.database("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'brobygning.sqlite3'}")
}
if PRODUCTION and not env.str("DATABASE_URL", default=""):
    env.fail("DATABASE_URL", "is required in production (postgres://user:pass@host:5432/name)")
if PRODUCTION and DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    env.fail("DATABASE_URL", "production requires PostgreSQL (postgres://…), not SQLite")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file (not in-memory) test database, so a real Celery worker process can share it.
    # Named per process so two test runs on one machine never share (and destroy) it.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
else:
    # Short OLTP queries: PostgreSQL's JIT compiler costs more than it saves here.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
    # Reuse connections between requests (checked before reuse): saves a connection set-up
    # per request (see bench/README.md).
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60, minimum=0)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication ----------------------------------------------------------------------
AUTH_USER_MODEL = "brobygning.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out username before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
ACCOUNT_ADAPTER = "brobygning.core.auth.ClosedSignupAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Brobygning] "
# A notice to the account's address when its password, e-mail addresses or two-factor
# authentication change (and brobygning.core.auth.on_email_added when one is added).
ACCOUNT_EMAIL_NOTIFICATIONS = True
# Exports, erasure, break-the-glass and user (role) changes need a login or re-authentication
# within this many seconds (brobygning.core.access.recent_authentication_required).
ACCOUNT_REAUTHENTICATION_TIMEOUT = 5 * 60

# Lockout by username after 5 failures (many consultants share an office IP); an
# administrator unlocks in the admin, or it lifts after the cool-off. allauth's own
# per-IP rate limit on failed logins is the IP-side throttle.
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_USERNAME_FORM_FIELD = "login"
AXES_USERNAME_CALLABLE = "brobygning.core.usernames.login_username"
AXES_COOLOFF_TIME = timedelta(hours=1)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "account/lockout.html"
AXES_VERBOSE = False
# Never keep a typed two-factor code in the failure rows (the password is masked by default).
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "code"]
# Deliberate (see above): an IP lockout would lock a whole office out behind one NAT address.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The dashboard's covering indexes (INCLUDE columns) are a PostgreSQL speed-up; the
    # embedded SQLite default builds them as plain indexes, which is all it needs.
    SILENCED_SYSTEM_CHECKS.append("models.W040")
ACCOUNT_RATE_LIMITS = {"login_failed": "20/m/ip"}

# Two-factor authentication (TOTP + recovery codes); required for these roles.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Brobygning"
# A wrong code counts against the account's lockout like a wrong password (brobygning.core.lockout).
MFA_FORMS = {
    "authenticate": "brobygning.core.lockout.LockoutAuthenticateForm",
    "reauthenticate": "brobygning.core.lockout.LockoutReauthenticateForm",
}
MFA_REQUIRED_ROLES = env.list(
    "BROBYGNING_MFA_REQUIRED_ROLES",
    default=["manager", "administrator"] if PRODUCTION else [],
)

# Sessions end when the browser closes, after 30 minutes idle and 12 hours at most.
SESSION_IDLE_SECONDS = (
    env.int("BROBYGNING_SESSION_IDLE_MINUTES", default=30, minimum=1, maximum=12 * 60) * 60
)
SESSION_COOKIE_AGE = 12 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
# "Log out other sessions" (allauth.usersessions): sessions are recorded at login. Tracking
# activity would write a row on every request, for a "last seen" column nobody needs.
USERSESSIONS_TRACK_ACTIVITY = False
# Flash messages can name a household: keep them in the session, not in a cookie of their own.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# --- Internationalisation ----------------------------------------------------------------
LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Danish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# One way to write a date per language ("5. dec. 2026" / "5 Dec 2026"): templates use plain
# `|date` (or `|date:"DATETIME_FORMAT"`), Python `formats.date_format()`.
FORMAT_MODULE_PATH = ["brobygning.formats"]
# "5.400" / "5,400": numbers on pages are grouped in thousands. Identifiers and years rendered
# into a page (ids in attributes, "2026") go through `|unlocalize`; form inputs are not
# localized (no field sets `localize=True`), so what a user types back parses.
USE_THOUSAND_SEPARATOR = True
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

# --- Static files ------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("DJANGO_STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
if not PRODUCTION:
    STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- E-mail ------------------------------------------------------------------------------
EMAIL_CONFIG = env.email("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Brobygning <noreply@brobygning.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Cache -------------------------------------------------------------------------------
REDIS_URL = env.url("REDIS_URL", schemes=("redis", "rediss"), default="")
# While Redis cannot be reached, the cache falls back to process memory (brobygning/core/cache.py):
# login and the dashboard keep working, and /health/ reports Redis.
CACHES = {
    "default": (
        {
            "BACKEND": "brobygning.core.cache.FallbackRedisCache",
            "LOCATION": REDIS_URL,
            # A server that does not answer costs a second, not a hanging request.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# --- Celery ------------------------------------------------------------------------------
# With REDIS_URL, Redis is the broker. Without it (the embedded demo), Celery's filesystem
# transport queues tasks in var/celery/ so a worker runs them with no server to install.
CELERY_QUEUE_DIR = VAR_DIR / "celery"
CELERY_FOLDER_QUEUE_OPTIONS = {
    "data_folder_in": str(CELERY_QUEUE_DIR),
    "data_folder_out": str(CELERY_QUEUE_DIR),
    "processed_folder": str(CELERY_QUEUE_DIR / "processed"),
    "control_folder": str(CELERY_QUEUE_DIR / "control"),
    "store_processed": False,
}
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {}
else:
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = CELERY_FOLDER_QUEUE_OPTIONS
    # The transport expects its folders to exist (a fresh checkout has none).
    for folder in ("processed", "control"):
        (CELERY_QUEUE_DIR / folder).mkdir(parents=True, exist_ok=True)
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# The whole beat schedule lives here; run exactly one beat process.
CELERY_BEAT_SCHEDULE = {
    "record-heartbeat": {"task": "brobygning.core.tasks.record_heartbeat", "schedule": 60.0},
    "scan-reminders": {"task": "followups.tasks.scan_reminders", "schedule": 5 * 60.0},
    "send-reminder-digests": {
        "task": "followups.tasks.send_reminder_digests",
        "schedule": crontab(hour=7, minute=0),
    },
    "purge-retention": {
        "task": "brobygning.privacy.tasks.purge_retention",
        "schedule": crontab(hour=3, minute=30),
    },
    "rebuild-dashboard-summary": {
        "task": "brobygning.dashboard.tasks.rebuild_dashboard_summary",
        "schedule": crontab(hour=2, minute=45),
    },
    "escalate-unanswered-referrals": {
        "task": "referrals.tasks.escalate_unanswered_referrals",
        "schedule": 15 * 60.0,
    },
}

# --- Security headers --------------------------------------------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        # Our scripts are files ('self'); an inline script runs only with the response's nonce
        # (brobygning.core.middleware.NonceOnEveryResponseCSPMiddleware). Never 'unsafe-inline'.
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}
if PRODUCTION:
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # The __Host- prefix makes the browser accept these cookies only when Secure, for Path=/
    # and without a Domain, so a sibling (sub)domain cannot plant or overwrite them. Plain-http
    # demo keeps the usual names: browsers drop a __Host- cookie that is not Secure.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    LANGUAGE_COOKIE_NAME = "__Host-django_language"
    LANGUAGE_COOKIE_SECURE = True
    CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

# Error reports never carry form data (notes, needs, names are typed into forms).
DEFAULT_EXCEPTION_REPORTER_FILTER = "brobygning.core.logsafety.NoPersonalDataReporterFilter"
AUDITLOG_INCLUDE_ALL_MODELS = False

# --- Logging -----------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "axes": {"level": "WARNING"},
        # WeasyPrint logs each rendering step at INFO; refused fetches still show (ERROR).
        "weasyprint": {"level": "WARNING"},
        # Security events (brobygning.core.security_log), one JSON object a line, whatever
        # DJANGO_LOG_LEVEL says; they reach the console through the root's handler.
        "security": {"level": "INFO"},
    },
}

# --- Product settings --------------------------------------------------------------------
ACCESS_LOG_MIN_RETENTION_DAYS = 183
BROBYGNING = {
    "ORGANISATION_NAME": env.str("BROBYGNING_ORGANISATION", default="Brobygning"),
    # The accessibility statement's feedback contact (webtilgængelighedsloven § 4: both in
    # writing and by phone).
    "ACCESSIBILITY_EMAIL": env.str("BROBYGNING_ACCESSIBILITY_EMAIL", default=""),
    "ACCESSIBILITY_PHONE": env.str("BROBYGNING_ACCESSIBILITY_PHONE", default=""),
    # Flag a housing offer whose rent is more than this many percent above the old rent.
    "RENT_INCREASE_WARNING_PERCENT": env.int(
        "BROBYGNING_RENT_INCREASE_WARNING_PERCENT", default=10, minimum=0
    ),
    # A referral nobody accepted or declined within this many working days goes to managers.
    "REFERRAL_ANSWER_WORKING_DAYS": env.int(
        "BROBYGNING_REFERRAL_ANSWER_WORKING_DAYS", default=3, minimum=1
    ),
    "IMPORT_MAX_BYTES": 5 * 1024 * 1024,
    # Retention (GDPR 5(1)(e)): closed cases anonymised, access-log rows deleted after these.
    "CLOSED_CASE_RETENTION_DAYS": env.int(
        "BROBYGNING_CLOSED_CASE_RETENTION_DAYS", default=5 * 365, minimum=1
    ),
    # Kept at least half a year: the access log is how a data subject's complaint about who
    # read their case is answered, and how a breach is traced back.
    "ACCESS_LOG_RETENTION_DAYS": env.int(
        "BROBYGNING_ACCESS_LOG_RETENTION_DAYS",
        default=2 * 365,
        minimum=ACCESS_LOG_MIN_RETENTION_DAYS,
    ),
    # Follow-ups and reminders.
    "FIRST_CONTACT_WORKING_DAYS": env.int(
        "BROBYGNING_FIRST_CONTACT_WORKING_DAYS", default=5, minimum=1
    ),
    "BRIDGE_HOLDS_WEEKS": env.int("BROBYGNING_BRIDGE_HOLDS_WEEKS", default=12, minimum=1),
    "REMINDER_LEAD_DAYS": env.int("BROBYGNING_REMINDER_LEAD_DAYS", default=1, minimum=0),
    "ESCALATE_AFTER_DAYS": env.int("BROBYGNING_ESCALATE_AFTER_DAYS", default=7, minimum=1),
    "CALENDAR_DAYS_BACK": 30,
    # Receiving-area monitor (local policy, no national figure exists): warn when an area took
    # more than this share of its homes in rehoused households in a year, and when a list
    # criterion is within this margin (percent of the threshold) of its threshold.
    "MONITOR_INFLOW_SHARE_PERCENT": env.int(
        "BROBYGNING_MONITOR_INFLOW_SHARE_PERCENT", default=3, minimum=1, maximum=100
    ),
    "MONITOR_MARGIN_PERCENT": env.int(
        "BROBYGNING_MONITOR_MARGIN_PERCENT", default=10, minimum=0, maximum=100
    ),
    # Bridges: days an actor has to answer before the consultant is reminded; link lifetime.
    "BRIDGE_ANSWER_DAYS": env.int("BROBYGNING_BRIDGE_ANSWER_DAYS", default=7, minimum=1),
    "ANSWER_LINK_DAYS": env.int("BROBYGNING_ANSWER_LINK_DAYS", default=14, minimum=1),
    # Absolute address used in e-mails (links only; e-mails carry no personal data).
    "SITE_URL": env.str("BROBYGNING_SITE_URL", default="http://127.0.0.1:8000"),
    "CASELOAD_PAGE_SIZE": 25,
    # The dashboard's figures are computed at most this many seconds ago (0: every request).
    "DASHBOARD_CACHE_SECONDS": env.int(
        "BROBYGNING_DASHBOARD_CACHE_SECONDS", default=300, minimum=0
    ),
    "TIMELINE_LENGTH": 30,
}

if BROBYGNING["DASHBOARD_CACHE_SECONDS"]:
    # Recompute the default dashboard before its cached figures expire.
    CELERY_BEAT_SCHEDULE["refresh-dashboard"] = {
        "task": "brobygning.dashboard.tasks.refresh_dashboard",
        "schedule": max(60.0, BROBYGNING["DASHBOARD_CACHE_SECONDS"] * 0.8),
    }

# Stop here, with one line per missing or malformed variable, if any was.
env.finish()
