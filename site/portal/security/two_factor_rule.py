"""Board accounts must use the second factor (issue 12, item 5): superusers and members of the Board group
(portal.roles.BOARD, what training.rules.is_board asks) or of a district's competition organisers (who release
results and issue certificates too: portal.roles.SECOND_FACTOR_ROLES) with no confirmed device get a grace
period, then the admin lets them reach only the enrolment page (Tài khoản → Xác thực hai bước) and log-out until
they set it up.

The grace period ends at the end of the day (Asia/Ho_Chi_Minh), TWO_FACTOR_GRACE_DAYS days after the later of the
account's creation and TWO_FACTOR_REQUIRED_SINCE (the day the rule took effect on this installation): a person
added to the Board long after the rule came in gets the same two weeks. During the grace period every admin page
shows a banner with the date (templates/wagtailadmin/base.html). TWO_FACTOR_REQUIRED_FOR_BOARD = False turns the
rule off (a test installation). Recovery (a lost phone): README, "Mật khẩu và xác thực hai bước".

Ground: Board membership is read from the group named in portal.roles, cached per user like has_device."""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from portal import roles

from .two_factor import has_device

CACHE_SECONDS = 300


def _board_key(user_id):
    return f"otp:board:{user_id}"


def is_board_account(user):
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    value = cache.get(_board_key(user.pk))
    if value is None:
        value = user.groups.filter(name__in=roles.SECOND_FACTOR_ROLES).exists()
        cache.set(_board_key(user.pk), value, CACHE_SECONDS)
    return value


@receiver(m2m_changed, sender=get_user_model().groups.through)
def _forget_board(sender, instance, **kwargs):
    if isinstance(instance, get_user_model()):
        cache.delete(_board_key(instance.pk))
    else:  # a group's members changed from the group's side
        for pk in kwargs.get("pk_set") or ():
            cache.delete(_board_key(pk))


def required_since():
    value = settings.TWO_FACTOR_REQUIRED_SINCE
    return value if isinstance(value, date) else date.fromisoformat(value)


def grace_ends(user):
    """The first instant the admin is closed to `user` without a device: the day after the grace's last day,
    00:00 Asia/Ho_Chi_Minh."""
    local = timezone.get_default_timezone()  # Asia/Ho_Chi_Minh, whatever zone the request activated
    joined = timezone.localtime(user.date_joined, local).date() if user.date_joined else required_since()
    last_day = max(joined, required_since()) + timedelta(days=settings.TWO_FACTOR_GRACE_DAYS)
    return datetime.combine(last_day + timedelta(days=1), time(), tzinfo=local)


def last_grace_day(user):
    return (grace_ends(user) - timedelta(days=1)).date()


def must_enrol(user):
    return settings.TWO_FACTOR_REQUIRED_FOR_BOARD and is_board_account(user) and not has_device(user)


def _always_open():
    return {
        reverse("portal_two_factor"),
        reverse("wagtailadmin_logout"),
        reverse("wagtailadmin_login"),
        reverse("wagtailadmin_javascript_catalog"),
    }


class RequireBoardSecondFactor:
    """After RequireVerifiedSession. Under /admin/: during the grace period marks the request for the banner
    (`request.two_factor_grace_until`); after it, redirects every admin page but enrolment and log-out there."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if request.path.startswith("/admin/") and user.is_authenticated and must_enrol(user):
            if timezone.now() >= grace_ends(user):
                if request.path not in _always_open():
                    return redirect("portal_two_factor")
                request.two_factor_locked = True
            else:
                request.two_factor_grace_until = last_grace_day(user)
        return self.get_response(request)
