from django.conf import settings
from django.conf.urls.static import static
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.views.account import PasswordResetView
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from portal.security.ratelimit import rate_limited
from portal.web import views

urlpatterns = [
    # Wagtail's own view, before Wagtail's URLs, counting requests for reset e-mails per address.
    path("admin/password_reset/", rate_limited("password_reset", {"POST"})(PasswordResetView.as_view())),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("tim-kiem/", views.search, name="search"),
    path("tim-kiem/goi-y/", views.suggest, name="search_suggest"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("tai-khoan/", include("portal.web.account_urls")),
    path("tot/", include("training.urls")),
    path("events/", include("events.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]

handler500 = "portal.operations.faults.server_error"  # 503 with a database-free page while the database is away
