"""The page a visitor gets when the database or Redis is away (restarting, failed over, unreachable): 503 with a
plain page that needs neither, instead of the generic 500. Persistent connections are health-checked
(CONN_HEALTH_CHECKS), so the first request after the database is back works again."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
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
