"""Private files: uploads that carry personal data or official papers and are only ever handed out by a view
that checks who asks (dispatch PDFs, certificate ZIPs). They live outside MEDIA_ROOT, so a web server that
serves /media/ cannot expose them whatever their name."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.utils.functional import cached_property


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


def private_storage():
    """The "private" entry of STORAGES, for FileField(storage=...); a callable so migrations name it, not a path."""
    return storages["private"]
