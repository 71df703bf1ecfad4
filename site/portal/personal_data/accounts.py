"""The portal's part of a person's data: their log-in account (portal.User) and its Wagtail profile."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.models import User

from .service import ERASED_NAME, Candidate

KINDS = {"portal.user": _("Tài khoản")}


def search(query):
    matches = User.objects.filter(
        Q(username__icontains=query) | Q(email__icontains=query) | Q(phone__icontains=query)
        | Q(first_name__icontains=query) | Q(last_name__icontains=query)
    ).exclude(is_active=False, last_name=ERASED_NAME)[:50]
    return [
        Candidate(name=user.get_full_name() or user.username, email=user.email, phone=user.phone, user=user,
                  sources={str(KINDS["portal.user"])})
        for user in matches
    ]


def find(person, found):
    return {"portal.user": User.objects.filter(pk__in=person.user_ids).prefetch_related("groups")}


def access_logs(username):
    """django-axes' records of log-ins and failed attempts under this username (with addresses and browsers)."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    return [model.objects.filter(username=username) for model in (AccessLog, AccessFailureLog, AccessAttempt)]


def export(kind, user):
    from django_otp import devices_for_user

    from .service import plain, record

    logins = [
        {str(_("Thời điểm")): plain(entry.attempt_time), str(_("Địa chỉ mạng")): entry.ip_address,
         str(_("Trình duyệt")): entry.user_agent}
        for queryset in access_logs(user.username) for entry in queryset.order_by("attempt_time")
    ]
    return record(
        user,
        ["username", "last_name", "first_name", "email", "phone", "agency", "groups", "is_active", "date_joined",
         "last_login"],
        {
            _("Thiết bị xác thực hai bước"): [device.name for device in devices_for_user(user, confirmed=None)],
            _("Nhật ký đăng nhập"): logins,
        },
    )


def erase(kind, users):
    """Log-in impossible from now on: unusable password, inactive, no roles; the name, e-mail and phone go."""
    from django_otp import devices_for_user
    from wagtail.users.models import UserProfile

    for user in users:
        for queryset in access_logs(user.username):
            queryset.delete()
        for device in devices_for_user(user, confirmed=None):
            device.delete()
        user.username = f"da-xoa-{user.pk}"
        user.first_name, user.last_name, user.email, user.phone = "", ERASED_NAME, "", ""
        user.is_active = user.is_staff = user.is_superuser = False
        user.set_unusable_password()  # also ends their sessions: the session hash no longer matches
        user.save()
        user.groups.clear()
        user.user_permissions.clear()
        for profile in UserProfile.objects.filter(user=user).exclude(avatar=""):
            profile.avatar.delete(save=True)
