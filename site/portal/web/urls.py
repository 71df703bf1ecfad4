from django.conf import settings
from django.conf.urls.static import static
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.views.account import PasswordResetView
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from events import urls as events_urls
from ideas import api as ideas_api
from ideas import urls as ideas_urls
from portal.security.ratelimit import rate_limited
from portal.web import views
from reporting import urls as reporting_urls
from training import urls as training_urls
from training.certificates import views as certificate_views


def app_urls(urls, prefix):
    """An app's namespace: its own pages under `prefix`, its parts of the personal area under /ca-nhan/ (the
    top owns that prefix and the overview, portal.web.personal)."""
    return include(([path(prefix, include(urls.urlpatterns)), path("ca-nhan/", include(urls.personal_urlpatterns))],
                    urls.app_name))


urlpatterns = [
    # Wagtail's own view, before Wagtail's URLs, counting requests for reset e-mails per address.
    path("admin/password_reset/", rate_limited("password_reset", {"POST"})(PasswordResetView.as_view())),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("tim-kiem/", views.search, name="search"),
    path("tim-kiem/goi-y/", views.suggest, name="search_suggest"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("favicon.ico", views.favicon),
    path(".well-known/did.json", certificate_views.did_document, name="did_document"),  # the certificates' issuer
    path("", include("portal.web.account_urls")),  # /tai-khoan/dang-nhap/, /ca-nhan/ (namespace portal)
    path("", app_urls(training_urls, "tot/")),
    path("", app_urls(reporting_urls, "bao-cao/")),
    path("", app_urls(ideas_urls, "y-tuong/")),  # the idea bank's showcase, entry pages and owners' forms
    path("api/y-tuong/", ideas_api.urls()),  # its read-only API and OpenAPI document (namespace ideas_api)
    path("", app_urls(events_urls, "")),  # /lich/..., /dang-ky/..., /theo-doi/..., /doan-cong-tac/...
    path("", include("portal.web.old_urls")),  # the addresses before issue 10: permanent redirects
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]

handler500 = "portal.operations.faults.server_error"  # 503 with a database-free page while the database is away
