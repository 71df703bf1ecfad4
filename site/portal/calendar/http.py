"""Serving calendar documents over HTTP: the text/calendar response with its validators (ETag, Last-Modified)
and the 304 Not Modified a client that already holds them gets. Calendar apps poll every subscription every few
hours, so an unchanged feed should cost a 304, not a rebuild."""

import hashlib

from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from .ical import CONTENT_TYPE


def etag_of(data):
    """A strong ETag (quoted SHA-1) of `data`, bytes or text: of the body itself, or of what it is built from."""
    return '"' + hashlib.sha1(data if isinstance(data, bytes) else data.encode()).hexdigest() + '"'


def calendar_response(body, *, etag, last_modified=None, filename="lich.ics", cache_seconds=300, private=False):
    """`body` (iCalendar bytes) shown inline as `filename`, with its validators; `private` for a person's feed."""
    response = HttpResponse(body, content_type=CONTENT_TYPE)
    response["ETag"] = etag
    if last_modified:
        response["Last-Modified"] = http_date(last_modified.timestamp())
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = f"{'private' if private else 'public'}, max-age={cache_seconds}"
    return response


def not_modified(request, etag, last_modified=None):
    """A 304 when the client's validators match (If-None-Match wins over If-Modified-Since, RFC 9110), else None."""
    if request.method not in ("GET", "HEAD"):
        return None
    response = get_conditional_response(
        request, etag=etag, last_modified=int(last_modified.timestamp()) if last_modified else None
    )
    if response is not None and response.status_code == 304:
        response["ETag"] = etag
        return response
    return None
