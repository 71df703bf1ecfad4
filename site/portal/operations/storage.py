"""Private files: uploads that carry personal data or official papers and are only ever handed out by a view
that checks who asks (dispatch PDFs, certificate ZIPs). They live outside MEDIA_ROOT, so a web server that
serves /media/ cannot expose them whatever their name."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.core.signals import setting_changed
from django.utils.functional import LazyObject, cached_property, empty


class PrivateFileSystemStorage(FileSystemStorage):
    """FileSystemStorage rooted at PRIVATE_MEDIA_ROOT (read when first used, so tests can move it), with no URL."""

    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "PRIVATE_MEDIA_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)

    def url(self, name):
        raise ValueError(f"{name} is a private file: serve it through a view that checks permissions")


class _PrivateStorage(LazyObject):
    """storages["private"], looked up when first used and again after STORAGES changes (as default_storage is)."""

    def _setup(self):
        self._wrapped = storages["private"]


_private = _PrivateStorage()


def _reset(setting, **kwargs):
    if setting == "STORAGES":
        _private._wrapped = empty


setting_changed.connect(_reset)


def private_storage():
    """The "private" entry of STORAGES, for FileField(storage=...); a callable so migrations name it, not a path."""
    return _private


def s3_storages(env):
    """STORAGES entries for S3-style object storage (AWS, MinIO, a Vietnamese cloud's S3 API), from environment
    variables; {} when S3_BUCKET is not set. Public media under media/ (make it readable by a bucket policy),
    private files under private/ of S3_PRIVATE_BUCKET (default the same bucket), never public: their URLs are
    signed and short-lived, and the views stream them anyway."""
    if not env.get("S3_BUCKET"):
        return {}
    common = {
        "endpoint_url": env.get("S3_ENDPOINT_URL") or None,
        "region_name": env.get("S3_REGION") or None,
        "access_key": env.get("S3_ACCESS_KEY_ID") or None,  # None: boto3's own AWS_* variables or instance role
        "secret_key": env.get("S3_SECRET_ACCESS_KEY") or None,
        "file_overwrite": False,
    }
    backend = "storages.backends.s3.S3Storage"
    return {
        "default": {"BACKEND": backend, "OPTIONS": {
            **common, "bucket_name": env["S3_BUCKET"], "location": "media", "querystring_auth": False,
            "custom_domain": env.get("S3_PUBLIC_DOMAIN") or None,
        }},
        "private": {"BACKEND": backend, "OPTIONS": {
            **common, "bucket_name": env.get("S3_PRIVATE_BUCKET") or env["S3_BUCKET"], "location": "private",
            "querystring_auth": True, "querystring_expire": 300, "default_acl": "private",
        }},
    }
