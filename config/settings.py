"""Settings, all from the environment. See docs/settings.md for every variable."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "insecure-development-key-only-for-debug-0123456789abcdefghijklmnop"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules",
    "axes",
    "csp",
    "ninja",  # the API docs (/api/v1/docs) use ninja's bundled Swagger UI from our static files, not a CDN
    "simple_history",
    "kinerja.core",
    "kinerja.org",
    "kinerja.skp",
    "kinerja.penilaian",
    "kinerja.integrasi",
    "kinerja.laporan",
    "kinerja.api",
    "kinerja.harian",
    "kinerja.sampah",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "kinerja.api.middleware.ApiMethodNotAllowed",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kinerja.core.context_processors.menu",
            ],
            "builtins": ["kinerja.core.templatetags.kinerja"],
        },
    }
]

# Database: SQLite (WAL, IMMEDIATE transactions) unless DATABASE_URL is set.
DATABASE_URL = os.environ.get("DATABASE_URL", "")
DATABASE_POOL = env_bool("DATABASE_POOL", False)  # psycopg's connection pool in each process (PostgreSQL)


def _database(url: str) -> dict:
    if DATABASE_POOL and url.startswith(("postgres://", "postgresql://")):
        config = dj_database_url.parse(url, conn_max_age=0)  # the pool keeps the connections
        config.setdefault("OPTIONS", {})["pool"] = {
            "min_size": int(os.environ.get("DATABASE_POOL_MIN", "2")),
            "max_size": int(os.environ.get("DATABASE_POOL_MAX", "10")),
            "timeout": 10,
        }
        return config
    return dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)


if DATABASE_URL:
    DATABASES = {"default": _database(DATABASE_URL)}
    # A read replica (PostgreSQL streaming replication) for the dashboards and reports: see config/routers.py.
    DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
    if DATABASE_REPLICA_URL:
        DATABASES["replica"] = _database(DATABASE_REPLICA_URL) | {"TEST": {"MIRROR": "default"}}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
            },
        }
    }
DATABASE_ROUTERS = ["config.routers.ReplikaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "org.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "kinerja.core.backends.PasswordBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    # Django's UserAttributeSimilarityValidator, extended to the employee's name and NIP (kinerja/org/validators.py)
    {"NAME": "kinerja.org.validators.MiripDataPegawaiValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "org:profil"
LOGOUT_REDIRECT_URL = "login"
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", 8 * 3600))

# django-axes: lock a NIP after repeated failed logins.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", 1))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/terkunci.html"
AXES_VERBOSE = False
# axes.W006 — lock by NIP only: whole offices share one public IP behind NAT, so locking by IP would lock them
# all out. models.W040: the covering index of the national dashboard (`ringkasan_nasional`, INCLUDE columns)
# exists on PostgreSQL; SQLite builds it without the included columns, which is fine at the demo's size.
SILENCED_SYSTEM_CHECKS = ["axes.W006", "models.W040"]

LANGUAGE_CODE = "id"
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Generated files (PDF of many SKP forms): a directory shared by every app server and PDF worker when there are
# several (docs/deployment.md); never served as static files (downloads go through a view that checks rights).
MEDIA_ROOT = os.environ.get("MEDIA_ROOT", str(BASE_DIR / "media"))
# Cetak SKP Massal (docs/cetak-massal.md): where the PDFs go (default MEDIA_ROOT), forms per batch, most forms per
# job, first retry delay in seconds.
CETAK_ROOT = os.environ.get("CETAK_ROOT", "")
CETAK_BATCH = int(os.environ.get("CETAK_BATCH", "50"))
CETAK_MASSAL_MAKS = int(os.environ.get("CETAK_MASSAL_MAKS", "5000"))
CETAK_JEDA_DETIK = int(os.environ.get("CETAK_JEDA_DETIK", "30"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# Jobs: Celery with Redis; with no broker configured tasks run eagerly in-process.
REDIS_URL = os.environ.get("REDIS_URL", "")
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", REDIS_URL)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE

# Security headers always; secure cookies and HTTPS redirect when not DEBUG.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# No script reads the CSRF cookie: pages carry the token in the form or in base.html's hx-headers, the API's
# Masuk returns it in its answer.
CSRF_COOKIE_HTTPONLY = True
# Shared office computers: the session ends when the browser closes, and in any case SESSION_COOKIE_AGE after login.
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", True)
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Content-Security-Policy (django-csp): only our own static files. No inline script, no inline style, no eval:
# behaviours hang on data- attributes in core/static/core/kinerja.js (docs/security-akun.md). `data:` images are the
# SVG icons inside bootstrap.min.css. The WeasyPrint templates (*/cetak/*) are rendered to PDF, never served as HTML.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31536000))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # security.W021 (silenced while preload is off): asking browsers to hard-code HTTPS for the domain is the domain
    # owner's decision (a preload entry takes months to undo), so it is opt-in.
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        SILENCED_SYSTEM_CHECKS.append("security.W021")
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_REDIRECT_EXEMPT = [r"^healthz(/db)?$"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Integrations (docs/integrations.md). Empty base URL = that integration is off (pages say so).
# `make run` points them at the local emulator (manage.py emulator) on 127.0.0.1:8765.
SIASN_BASE_URL = os.environ.get("SIASN_BASE_URL", "")
SIASN_TOKEN_URL = os.environ.get("SIASN_TOKEN_URL", "")
SIASN_SSO_URL = os.environ.get("SIASN_SSO_URL", "")
SIASN_CONSUMER_KEY = os.environ.get("SIASN_CONSUMER_KEY", "")
SIASN_CONSUMER_SECRET = os.environ.get("SIASN_CONSUMER_SECRET", "")
SIASN_USERNAME = os.environ.get("SIASN_USERNAME", "")
SIASN_PASSWORD = os.environ.get("SIASN_PASSWORD", "")
SIASN_CLIENT_ID = os.environ.get("SIASN_CLIENT_ID", "")
PMM_BASE_URL = os.environ.get("PMM_BASE_URL", "")
PMM_TOKEN = os.environ.get("PMM_TOKEN", "")
INTEGRASI_TIMEOUT = float(os.environ.get("INTEGRASI_TIMEOUT", "30"))
INTEGRASI_BATCH = int(os.environ.get("INTEGRASI_BATCH", "50"))
CELERY_TASK_ROUTES = {
    "kinerja.integrasi.tasks.*": {"queue": "sync"},
    "kinerja.*.tasks.pdf_*": {"queue": "pdf"},
    "kinerja.*.tasks.export_*": {"queue": "export"},
}
CELERY_TASK_ACKS_LATE = True
# With acks_late a task longer than Redis's visibility timeout (1 h by default) would be given to a second worker:
# a PDF job of thousands of forms can take that long.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", 4 * 3600))
}
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
