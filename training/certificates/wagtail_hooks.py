"""Certificates in the Wagtail admin: a read-only snippet (issued and revoked only through the services'
screens), its listing buttons and the custom screens' URLs. The viewset sits in the "Lớp đào tạo" menu group of
training.cohorts.wagtail_hooks."""

from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.widgets.button import ListingButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.views.snippets import SnippetViewSet

from training.certificates import admin_views
from training.certificates.designs import CertificateTemplate
from training.certificates.models import Certificate
from training.rules import is_board


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Certificates are issued and revoked through the services' screens, never edited or deleted."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete"):
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class CertificateViewSet(SnippetViewSet):
    model = Certificate
    icon = "doc-full"
    menu_label = gettext_lazy("Giấy chứng nhận")
    list_display = ["serial", "holder_name", "kind", "title", "issued_on", "expires_on", "revoked_at"]
    list_filter = ["kind", "issued_on"]
    list_export = [
        "serial",
        "code",
        "holder_name",
        "kind",
        "title",
        "issued_on",
        "expires_on",
        "revoked_at",
        "revoked_reason",
    ]
    search_fields = ["serial", "holder_name"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "serial",
        "holder_name",
        "kind",
        "title",
        "issued_on",
        "expires_on",
        "revoked_at",
        "revoked_reason",
        "replaces",
        "template_version",
    ]


register_permission_policy(Certificate, ReadOnlyPolicy(Certificate))


class BoardOnlyPolicy(ModelPermissionPolicy):
    """Certificate templates: Board staff only, whatever Django permissions a group was given (403 for others)."""

    def user_has_permission(self, user, action):
        return is_board(user)

    def user_has_any_permission(self, user, actions):
        return is_board(user)

    def user_has_permission_for_instance(self, user, action, instance):
        return is_board(user)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return is_board(user)


class CertificateTemplateViewSet(SnippetViewSet):
    """"Mẫu giấy chứng nhận": the designer (training.certificates.designs), with drafts, revisions and a PDF
    preview of sample data."""

    model = CertificateTemplate
    icon = "doc-full-inverse"
    menu_label = gettext_lazy("Mẫu giấy chứng nhận")
    list_display = ["name", "orientation", "live", "last_published_at"]
    search_fields = ["name"]


register_permission_policy(CertificateTemplate, BoardOnlyPolicy(CertificateTemplate))


class BoardOnlyMenuItem(MenuItem):
    def is_shown(self, request):
        return is_board(request.user)


class RenewalViewSet(ViewSet):
    """"Gia hạn công nhận": the renewal requests and upcoming expiries (admin_views.renewal_list / _review),
    an item of the "Lớp đào tạo" group."""

    name = "gia-han-cong-nhan"
    icon = "history"
    menu_label = gettext_lazy("Gia hạn công nhận")
    menu_item_class = BoardOnlyMenuItem

    def get_urlpatterns(self):
        return [
            path("", admin_views.renewal_list, name="index"),
            path("<int:pk>/", admin_views.renewal_review, name="review"),
        ]


@hooks.register("register_snippet_listing_buttons")
def certificate_listing_buttons(snippet, user, next_url=None):
    if isinstance(snippet, Certificate) and is_board(user):
        if snippet.revoked_at is None:
            yield ListingButton(_("Thu hồi / cấp lại"), url=reverse("tot_certificate_revoke", args=[snippet.pk]))
        yield ListingButton(_("PDF"), url=reverse("training:certificate_pdf", args=[snippet.pk]))


@hooks.register("register_admin_urls")
def certificate_admin_urls():
    return [
        path("tot/lop/<int:pk>/cap-giay/", admin_views.cohort_issue, name="tot_cohort_issue"),
        path("tot/lop/<int:pk>/tai-tat-ca/", admin_views.cohort_bundle, name="tot_cohort_bundle"),
        path("tot/goi/<int:pk>/", admin_views.bundle_status, name="tot_bundle_status"),
        path("tot/goi/<int:pk>/tai-ve/", admin_views.bundle_download, name="tot_bundle_download"),
        path("tot/giay-chung-nhan/<int:pk>/thu-hoi/", admin_views.certificate_revoke, name="tot_certificate_revoke"),
    ]
