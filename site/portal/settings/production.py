"""Production: every secret and host from the environment; refuses to start without them."""

import copy
import os

from portal.operations.storage import s3_storages

from .base import *  # noqa: F403
from .base import DATABASES, LOGGING, STORAGES, env_bool, env_list

# Copies, not the base module's dicts: importing this module (a test reading production's values does) must not
# change the settings of the process that imported it.
DATABASES, LOGGING, STORAGES = copy.deepcopy(DATABASES), copy.deepcopy(LOGGING), copy.deepcopy(STORAGES)

DEBUG = False
SECRET_KEY = os.environ["SECRET_KEY"]
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
# Certificates are signed with the Board's own key (CERTIFICATE_SIGNING_*), never a generated one: without it
# signing refuses and `check --deploy` fails (training.certificates.checks).
CERTIFICATE_SIGNING_GENERATE = False
CREDENTIAL_SIGNING_GENERATE = False  # the credentials' Ed25519 key likewise: CREDENTIAL_SIGNING_KEY

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"

STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}
STORAGES.update(s3_storages(os.environ))  # S3_BUCKET set: uploads in object storage (both locks hold django-storages)
# Documents always through Wagtail's view, which checks collection privacy; never a redirect to the file itself.
WAGTAILDOCS_SERVE_METHOD = "serve_view"

if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "portal.operations.redis_cache.RedisCache",  # one client per pool (redis_cache.py)
            "LOCATION": os.environ["REDIS_URL"],
            # Two deployments sharing a Redis (staging and production, or a restored copy) must not read each
            # other's cached sites and pages: keys carry the database's name unless told otherwise.
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", str(DATABASES["default"].get("NAME", ""))),
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    # The reverse proxy's cache (portal.operations.edge_cache, site/deploy/nginx.conf): on when its purge location
    # is given. A change refreshes nginx's generation through Wagtail's frontend-cache HTTP backend; a CDN's
    # backend (Cloudflare, CloudFront) goes here too (README, "Edge cache").
    if os.environ.get("EDGE_PURGE_URL"):
        EDGE_CACHE_SECONDS = int(os.environ.get("EDGE_CACHE_SECONDS", str(PAGE_CACHE_SECONDS)))  # noqa: F405
        WAGTAILFRONTENDCACHE = {
            "nginx": {
                "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
                "LOCATION": os.environ["EDGE_PURGE_URL"],
            }
        }
else:
    PAGE_CACHE_SECONDS = 0  # each worker's own cache: a write in one would not drop another's pages (page_cache)
    SECTION_CACHE_SECONDS = 0  # nor another's home page sections (portal.pages.home)

# Persistent connections, checked before reuse: a restarted or failed-over PostgreSQL costs one error, not many.
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("CONN_MAX_AGE", "60"))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# nginx sets X-Real-IP to the connecting address; rate limits count per that, not per proxy (site/deploy/nginx.conf).
CLIENT_IP_HEADER = os.environ.get("CLIENT_IP_HEADER", "HTTP_X_REAL_IP")

LOGGING["root"]["level"] = os.environ.get("LOG_LEVEL", "INFO")
