"""Settings for Ambito: one file, every value from the environment with a safe development default.

Set ``AMBITO_PRODUCTION=1`` for the production mode (``manage.py check --deploy`` reports nothing).
Helpers follow healthchecks' ``envbool/envint``: a malformed value fails at start-up, not later.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    """Read NAME, or the content of the file named by NAME_FILE (Docker secrets)."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        return Path(file_name).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


def envbool(name: str, default: bool) -> bool:
    value = env(name, "1" if default else "0").lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {value!r}")


def envint(name: str, default: int) -> int:
    value = env(name, str(default))
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from exc


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


PRODUCTION = envbool("AMBITO_PRODUCTION", False)
DEBUG = envbool("DEBUG", not PRODUCTION)

_DEV_SECRET = "dev-only-insecure-secret-key-change-me-in-production-0123456789"  # noqa: S105
SECRET_KEY = env("SECRET_KEY", "" if PRODUCTION else _DEV_SECRET)
if PRODUCTION and (not SECRET_KEY or SECRET_KEY == _DEV_SECRET):
    raise ImproperlyConfigured("SECRET_KEY must be set in production")

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "" if PRODUCTION else "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "ambito.apps.AmbitoAdminConfig",  # django.contrib.admin for platform administrators only
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "guardian",
    "simple_history",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "two_factor",
    "axes",
    "django_htmx",
    "ambito.apps.AmbitoConfig",
    "fondi.apps.FondiConfig",
    "misure.apps.MisureConfig",
    "piani.apps.PianiConfig",
    "udos.apps.UdosConfig",
    "rendicontazione.apps.RendicontazioneConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "ambito.accounts.middleware.ActorMiddleware",
    "ambito.accounts.middleware.SecondFactorRequiredMiddleware",
    "ambito.accounts.middleware.AmbitoScopeMiddleware",
    # AxesMiddleware must be last: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ambito.urls"
WSGI_APPLICATION = "ambito.wsgi.application"
ASGI_APPLICATION = "ambito.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ambito.ui.context_processors.ambito",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ambito"),
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", 60),
    )
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# No JIT compilation: this is a transactional application whose longest reads take a second, where compiling a
# plan cost more than it saved (bench/rendicontazione.py: the SIUSS quarter's query 0.6 s without, 1.8 s with;
# bench/graduatorie.py: 40-80 ms lost). Set for every connection (web, worker, tests, benchmarks).
DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off -c cursor_tuple_fraction=1"
# Row-level security (ambito.tenancy.rls): Django's PostgreSQL backend, switching to the application role
# (not a superuser, owns no table) after connecting; DATABASE_URL's user owns the tables and migrates.
DATABASES["default"]["ENGINE"] = "ambito.tenancy.db"
DATABASE_APP_ROLE = env("DATABASE_APP_ROLE", "ambito_app")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "ambito.Utente"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "two_factor:login"
LOGIN_REDIRECT_URL = "ui:home"
LOGOUT_REDIRECT_URL = "two_factor:login"

# Sessions expire after inactivity (SESSION_SAVE_EVERY_REQUEST renews on use) and with the browser.
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 8 * 3600)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Login throttling (django-axes): lock out an account and, separately, an address.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = envint("AXES_COOLOFF_MINUTES", 15) / 60
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_FORM_FIELD = "auth-username"
# authenticate() hands axes credentials={"username": …}, not the form's "auth-username": without
# this callable every failure counted against username None (tests/auth/test_blocco.py).
AXES_USERNAME_CALLABLE = "ambito.accounts.views.axes_username"
AXES_ENABLE_ACCESS_FAILURE_LOG = True  # every failure kept (who, address, when, locked out)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/bloccato.html"
AXES_ENABLED = envbool("AXES_ENABLED", True)

# Two-factor authentication (django-two-factor-auth on django-otp).
TWO_FACTOR_PATCH_ADMIN = True
OTP_TOTP_ISSUER = "Ambito"
AMBITO_2FA_ENFORCED = envbool("AMBITO_2FA_ENFORCED", True)

# django-guardian: no anonymous user row (our user model logs in by e-mail).
ANONYMOUS_USER_NAME = None
GUARDIAN_MONKEY_PATCH_USER = False

LANGUAGE_CODE = "it"
LANGUAGES = [("it", "Italiano"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Rome"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "var" / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Private files (acts' PDFs, job results) live outside any public path and are served
# only through views that check permissions.
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "var" / "private")))
MEDIA_ROOT = PRIVATE_MEDIA_ROOT
MEDIA_URL = "/nessun-accesso-pubblico/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT)}},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
                    if PRODUCTION else "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
AMBITO_MAX_UPLOAD_MB = envint("AMBITO_MAX_UPLOAD_MB", 20)
# Imports (CSV/XLSX) with more data rows than this are saved by a background job, not in the request.
AMBITO_IMPORT_RIGHE_JOB = envint("AMBITO_IMPORT_RIGHE_JOB", 500)

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Ambito <noreply@ambito.local>")
INVITO_VALIDITA_GIORNI = envint("INVITO_VALIDITA_GIORNI", 7)

REDIS_URL = env("REDIS_URL", "redis://127.0.0.1:6379/0")
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = env("CELERY_BROKER_URL", REDIS_URL)
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = envbool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": envint("CELERY_VISIBILITY_TIMEOUT", 3600)}
CELERY_BEAT_SCHEDULE: dict = {
    # Delete job result files older than AMBITO_JOB_RETENTION_DAYS; fail jobs stuck for AMBITO_JOB_TIMEOUT_HOURS.
    "ambito-pulisci-risultati-job": {"task": "ambito.pulisci_risultati_job", "schedule": 3600 * 6},
    # Deadline reminders (ambito/scadenze/): each one is sent once, whatever how often this runs.
    "ambito-promemoria-scadenze": {"task": "ambito.scadenze.promemoria", "schedule": 3600 * envint(
        "AMBITO_SCADENZE_PROMEMORIA_OGNI_ORE", 6)},
    # Retention of closed domande (misure/domande/conservazione.py): anonymised past their measure's years.
    "misure-anonimizza-domande": {"task": "misure.anonimizza_domande", "schedule": 3600 * 24},
    # Drafts of rolling bandi brought to their monthly cut-off (misure/graduatorie_mensili.py): once per bando and
    # month, whatever how often this runs; provisional and definitive graduatorie are never touched.
    "misure-graduatorie-mensili": {"task": "misure.graduatorie_mensili", "schedule": 3600 * 24},
    # ISEE-expiry warnings to social workers (rendicontazione/avvisi.py): once per attestation, whatever the runs.
    "rendicontazione-avvisi-isee": {"task": "rendicontazione.avvisi_isee", "schedule": 3600 * 24},
    # Compact rows of unsubmitted productions superseded by a newer completed one (rendicontazione/services.py).
    "rendicontazione-pulisci-righe-invio": {"task": "rendicontazione.pulisci_righe_invio", "schedule": 3600 * 24},
}
# Notifications (ambito/notifiche/): attempts to send one e-mail, and the wait before the first retry (doubled
# at each further attempt: 60 s, 2 min, 4 min, 8 min…).
AMBITO_NOTIFICHE_EMAIL_TENTATIVI = envint("AMBITO_NOTIFICHE_EMAIL_TENTATIVI", 5)
AMBITO_NOTIFICHE_EMAIL_ATTESA_SECONDI = envint("AMBITO_NOTIFICHE_EMAIL_ATTESA_SECONDI", 60)
# Deadlines (ambito/scadenze/): reminders this many days before a deadline (and one on the day it expires);
# an expiry reminder is still sent up to AMBITO_SCADENZE_RITARDO_GIORNI days late (beat was down), not later.
AMBITO_SCADENZE_PROMEMORIA_GIORNI = sorted({int(g) for g in envlist("AMBITO_SCADENZE_PROMEMORIA_GIORNI", "30,7,1")},
                                           reverse=True)
AMBITO_SCADENZE_RITARDO_GIORNI = envint("AMBITO_SCADENZE_RITARDO_GIORNI", 7)
# Background jobs (ambito/jobs/): how long result files are kept, when a queued/running job counts as
# lost, how many times one job may start (redeliveries after a killed worker, transient-error retries).
AMBITO_JOB_RETENTION_DAYS = envint("AMBITO_JOB_RETENTION_DAYS", 7)
AMBITO_JOB_TIMEOUT_HOURS = envint("AMBITO_JOB_TIMEOUT_HOURS", 24)
AMBITO_JOB_MAX_TENTATIVI = envint("AMBITO_JOB_MAX_TENTATIVI", 3)
# Dashboards for mayors (rendicontazione): counts below this are shown as "< N" (they could identify people).
RENDICONTAZIONE_SOGLIA_PICCOLI_NUMERI = envint("RENDICONTAZIONE_SOGLIA_PICCOLI_NUMERI", 5)
# The operator's copy of the official SIUSS XSDs (INPS): when set, every produced SIUSS flow is validated against it.
RENDICONTAZIONE_SIUSS_XSD_DIR = env("RENDICONTAZIONE_SIUSS_XSD_DIR", "")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: an invalid token answers 401 with WWW-Authenticate.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "ambito.api.pagination.Paginazione",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "ambito.api.errors.exception_handler",
    "DEFAULT_THROTTLE_RATES": {"anon": "30/min"},
    "COERCE_DECIMAL_TO_STRING": True,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Ambito API",
    "DESCRIPTION": "API degli Uffici di Piano. Ogni risorsa vive sotto /api/v1/a/<slug dell'Ambito>/.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    # Redoc served from the vendored sidecar package: no CDN at run time.
    "REDOC_DIST": "SIDECAR",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # One stable name per choice set shared by several serializers (else W001 in check --deploy).
    "ENUM_NAME_OVERRIDES": {
        "TipoEnteEnum": "ambito.territorio.models.TipoEnte",
        "TipoAttoEnum": "ambito.atti.models.TipoAtto",
        "TipoOrganoEnum": "ambito.organi.models.TipoOrgano",
        "RegolaVotoEnum": "ambito.tenancy.models.RegolaVoto",
        "TipoIseeEnum": "ambito.tenancy.models.TipoISEE",
        # udos: choice sets whose field names (stato, tipo, esito) other components use too
        "StatoUnitaEnum": "udos.models.StatoUnita",
        "StatoCPEEnum": "udos.models.StatoCPE",
        "TipoCPEEnum": "udos.models.TipoCPE",
        "TipoComunicazioneEnum": "udos.models.TipoComunicazione",
        "EsitoRequisitoEnum": "udos.models.EsitoRequisito",
        "EsitoVigilanzaEnum": "udos.models.EsitoVigilanza",
    },
}

# Content Security Policy (django-csp 4): no inline scripts, no third-party origins.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        # data: for the icon font embedded in bootstrap-italia.min.css (video player controls).
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
if PRODUCTION:
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
        "client_error_without_traceback": {"()": "ambito.logging_filters.ClientErrorWithoutTraceback"},
    },
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
        "mail_admins": {"level": "ERROR", "filters": ["require_debug_false"],
                        "class": "django.utils.log.AdminEmailHandler"},
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # WeasyPrint logs every stylesheet it parses at INFO, its own user-agent sheets at import included.
        "weasyprint": {"level": "WARNING"},
        # Django's default configuration gives "django" a console handler of its own (under DEBUG) and lets
        # it propagate to the root's too: every 403/404 was printed twice. Only the root prints.
        "django": {"handlers": ["mail_admins"], "level": "INFO", "propagate": True},
        "django.request": {"filters": ["client_error_without_traceback"]},
    },
}

# Domain modules mounted by ambito/urls.py (pages at /a/<slug>/<app>/, API at /api/v1/a/<slug>/<app>/).
AMBITO_MODULI = ["fondi", "misure", "piani", "udos", "rendicontazione"]
