"""The Board's screen for issuing certificates of attendance, per event (admin wiring and thin views only;
the rules are in events.attendance_certificates)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import attendance_certificates as service
from . import rules
from .enums import RegistrationStatus
from .errors import EventError
from .models import EventPage, Registration


def _require_board(request):
    if not rules.is_board(request.user):
        raise PermissionDenied


def certificate_index(request):
    """Events that have started (newest first), each linking to its certificate screen."""
    _require_board(request)
    events = EventPage.objects.filter(start__lte=timezone.now()).order_by("-start")[:50]
    return render(request, "events/certificates/admin_index.html", {
        "events": events, "page_title": _t("Giấy chứng nhận tham dự"),
    })


@require_http_methods(["GET", "POST"])
def event_certificates(request, event_id):
    """How many were present and hold a certificate; POST issues the missing ones."""
    _require_board(request)
    event = get_object_or_404(EventPage, pk=event_id)
    if request.method == "POST":
        try:
            issued = service.issue_attendance_certificates(event, request.user)
        except EventError as error:
            messages.error(request, error.message)
        else:
            if issued:
                messages.success(request, _t("Đã cấp %(count)s giấy chứng nhận tham dự.") % {"count": len(issued)})
            else:
                messages.info(request, _t("Không có giấy chứng nhận nào cần cấp thêm (đã cấp 0)."))
        return redirect("events_certificates", event_id=event.pk)
    present = Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED, attended=True)
    certificates = list(service.for_event(event).order_by("serial"))
    return render(request, "events/certificates/admin_event.html", {
        "event": event,
        "present_count": present.count(),
        "certificates": certificates,
        "pending_count": service.eligible_registrations(event).count(),
        "started": event.start <= timezone.now(),
        "page_title": _t("Giấy chứng nhận tham dự"),
    })


@hooks.register("register_admin_urls")
def register_certificate_admin_urls():
    return [
        path("su-kien/giay-chung-nhan/", certificate_index, name="events_certificates_index"),
        path("su-kien/giay-chung-nhan/<int:event_id>/", event_certificates, name="events_certificates"),
    ]


class BoardMenuItem(MenuItem):
    def is_shown(self, request):
        return rules.is_board(request.user)


@hooks.register("register_admin_menu_item")
def register_certificate_menu_item():
    return BoardMenuItem(
        _("Giấy chứng nhận tham dự"), reverse("events_certificates_index"), icon_name="doc-full", order=262
    )


@hooks.register("register_log_actions")
def register_certificate_log_actions(actions):
    actions.register_action(
        "events.attendance_certificate", _("Cấp giấy chứng nhận tham dự"), _("Đã cấp giấy chứng nhận tham dự")
    )
