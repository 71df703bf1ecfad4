"""Log-in lockout with django-axes, on both log-in screens (/tai-khoan/dang-nhap/ and /admin/login/).

Axes counts failed log-ins per account and per address (AXES_LOCKOUT_PARAMETERS) but against one limit. An
address is often a whole office or school behind one NAT, so it gets its own, higher limit: LockoutHandler
scales the address's count onto the account's limit. Figures (settings): AXES_FAILURE_LIMIT failures per account,
AXES_IP_FAILURE_LIMIT per address, both within AXES_COOLOFF_TIME, which is also how long a lockout lasts.
The Board lifts a lockout early in the admin (Tùy chỉnh → Khóa đăng nhập) or with `manage.py axes_reset_username`.
"""

import ipaddress

from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off, get_lockout_parameters
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.shortcuts import render
from django.utils import timezone

from portal.security.ratelimit import client_ip, retry_after


def account_limit():
    return settings.AXES_FAILURE_LIMIT


def address_limit():
    return getattr(settings, "AXES_IP_FAILURE_LIMIT", 20)


class LockoutHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None):
        """Failures on the account's scale: the account's own count, or the address's count scaled so that
        reaching AXES_IP_FAILURE_LIMIT equals reaching AXES_FAILURE_LIMIT."""
        counts = {
            str(parameter): attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
            for parameter, attempts in zip(
                get_lockout_parameters(request, credentials), self.get_user_attempts(request, credentials), strict=True
            )
        }
        by_address = counts.pop("ip_address", 0)
        return max([*counts.values(), by_address * account_limit() // address_limit()])

    def reset_user_attempts(self, request, credentials=None):
        """A successful log-in clears that account's failures only, not the address's: otherwise an attacker
        could log into an account of their own between guesses to reset the address's count."""
        username = get_client_username(request, credentials)
        deleted, _ = AccessAttempt.objects.filter(username=username).delete()
        return deleted


def axes_client_ip(request):
    """The address as the rate limits see it; None when it is not an address (axes stores it in an IP column)."""
    try:
        return str(ipaddress.ip_address(client_ip(request)))
    except ValueError:
        return None


def lockout_response(request, original_response=None, credentials=None):
    """The page both log-in screens show once locked: what happened, for how long, and whom to ask."""
    seconds = get_cool_off(request).total_seconds()
    response = render(request, "portal/locked_out.html", {"minutes": int(seconds // 60)}, status=429)
    return retry_after(response, seconds)


def locked_attempts():
    """Accounts and addresses locked right now, newest first (what the Board's unlock screen lists)."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    recent = AccessAttempt.objects.filter(attempt_time__gte=since)
    accounts = (
        recent.exclude(username=None).values("username").annotate(n=Sum("failures_since_start"))
        .filter(n__gte=account_limit()).order_by("username")
    )
    addresses = (
        recent.values("ip_address").annotate(n=Sum("failures_since_start"))
        .filter(n__gte=address_limit()).order_by("ip_address")
    )
    return list(accounts), list(addresses)


class LockoutBackend(AxesStandaloneBackend):
    """Axes' backend, minus its demand for a request: both log-in screens pass one, and calls without one
    (the test client's login(), management commands) are not log-in screens an attacker can reach."""

    def authenticate(self, request=None, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
