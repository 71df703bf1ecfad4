"""The pages a visitor gets when something fails. When the database or Redis is away (restarting, failed over,
unreachable): 503 with a plain page that needs neither, instead of the generic 500. Persistent connections are
health-checked (CONN_HEALTH_CHECKS), so the first request after the database is back works again. When a form's
CSRF token has expired: a portal page saying so, with the way back (csrf_failure)."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import defaults
from redis import exceptions as redis_errors

RETRY_AFTER_SECONDS = 30
UNAVAILABLE = (OperationalError, InterfaceError, redis_errors.ConnectionError, redis_errors.TimeoutError)


def server_error(request):
    """handler500: Django calls it while handling the uncaught exception, so sys.exc_info() names it. This covers
    failures in views and in middleware alike (a session or user lookup happens in middleware)."""
    if isinstance(sys.exc_info()[1], UNAVAILABLE):
        html = loader.get_template("503.html").render()  # no request context: context processors query the DB
        return HttpResponse(html, status=503, headers={"Retry-After": str(RETRY_AFTER_SECONDS)})
    return defaults.server_error(request)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: Django's own page is English and names the token; a visitor only needs to know the form
    expired and how to get a fresh one (going back and reloading the form). Rendered with the request, unlike
    Django's, so the page is the portal's, in the visitor's language. Back is the page that held the form
    (the Referer, if it is this site), else the home page: the POST target itself may refuse a GET."""
    back = request.META.get("HTTP_REFERER", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, require_https=request.is_secure()):
        back = "/"
    return render(request, "403_csrf.html", {"back_url": back}, status=403)
