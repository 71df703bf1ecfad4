from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
ALLOWED_HOSTS = ["*"]
WAGTAILADMIN_BASE_URL = "http://testserver"
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
MEDIA_ROOT = VAR_DIR / "test-media"  # noqa: F405
# The fuzz tests post dozens of registrations from one address; tests of the limit set their own figures.
# The API's fuzz tests send hundreds of requests; its limits' own tests set their figures.
RATE_LIMITS = {"register": (10_000, 600), "api": (100_000, 60), "api_export": (10_000, 3600)}
# Tests move the clock months past the accounts they make; the Board's second-factor rule would close the admin to
# them. tests/security/test_two_factor_rule.py turns it on (and every rule with it) where it is the subject.
TWO_FACTOR_REQUIRED_FOR_BOARD = False
