"""The portal's public address, for absolute links written where no request is at hand (e-mails, calendar
entries). Ground: any app may import it."""

from django.conf import settings


def base_url():
    """The scheme and host of the public site (BASE_URL, i.e. WAGTAILADMIN_BASE_URL) without a trailing slash:
    append a path that starts with "/"."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")
