"""The portal's one public address (BASE_URL), for every absolute link it writes: e-mails, calendar entries, feeds,
the sitemap, RSS, certificates' QR codes. Ground: any app may import it.

Wagtail builds a page's full URL from its Site (`Site.root_url`: http unless the port is 443), and the Site made by
the first migration says localhost:80. So the default Site is aligned with BASE_URL after every migrate
(`align_default_site`, portal.apps), and a page of that Site takes BASE_URL's own scheme as well
(`public_root`, portal.pages.visibility): https://127.0.0.1:8080 cannot be spelt as a Site."""

from urllib.parse import urlsplit

from django.conf import settings


def base_url():
    """The scheme and host of the public site (BASE_URL, i.e. WAGTAILADMIN_BASE_URL) without a trailing slash:
    append a path that starts with "/"."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def absolute(path):
    """`path` (from reverse() or a page's relative URL) at the public address."""
    return base_url() + path


def site_address():
    """(hostname, port) of BASE_URL, as a Wagtail Site spells them."""
    parts = urlsplit(base_url())
    return (parts.hostname or "localhost"), (parts.port or (443 if parts.scheme == "https" else 80))


def _wagtail_root_url(hostname, port):
    # Site.root_url's own rule (wagtail.models.sites), without a Site instance.
    if port == 80:
        return f"http://{hostname}"
    if port == 443:
        return f"https://{hostname}"
    return f"http://{hostname}:{port}"


def public_root(root_url):
    """The root URL Wagtail gives a page, as the public address: BASE_URL for the Site aligned with it (whatever
    the scheme Site.root_url assumed), any other Site's own root unchanged."""
    if root_url is not None and root_url == _wagtail_root_url(*site_address()):
        return base_url()
    return root_url


def align_default_site(stdout=None):
    """Give the default Site BASE_URL's host name and port. Data-safe: only those two fields of the default Site
    change (its root page, name and settings stay), nothing happens when they already agree, and a Site that
    already holds that host and port is left alone with a warning. Returns True when it changed the Site."""
    from wagtail.models import Site

    hostname, port = site_address()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None or (site.hostname, site.port) == (hostname, port):
        return False
    if Site.objects.filter(hostname=hostname, port=port).exclude(pk=site.pk).exists():
        if stdout:
            stdout.write(f"Một Site khác đã dùng {hostname}:{port}; Site mặc định giữ nguyên.")
        return False
    site.hostname, site.port = hostname, port
    site.save(update_fields=["hostname", "port"])  # post_save drops the cached sites and root paths
    if stdout:
        stdout.write(f"Site mặc định theo BASE_URL: {hostname}:{port}")
    return True
