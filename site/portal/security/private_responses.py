"""One rule for every private response: `Cache-Control: private, no-store`, so no shared cache (nginx, a proxy) and
no browser history keeps a page or a file with personal data.

A response is private when the visitor is logged in, when it sets the session cookie (a log-in), or when the view
answers a secret link (a registration's link, the personal calendar feed): those views are marked with
`@carries_secret` where they are defined, and this middleware alone writes the header. Anonymous public pages keep
their own Cache-Control (the anonymous page cache, the public feeds' validators).
"""

from django.conf import settings

PRIVATE = "private, no-store"


def carries_secret(view):
    """Mark a view whose URL is a secret (anyone holding the link sees personal data): its answers are private.
    Put it outermost, above the other decorators."""
    view.carries_secret = True
    return view


def is_private(request, response):
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return True
    if getattr(request, "_carries_secret", False):
        return True
    return settings.SESSION_COOKIE_NAME in response.cookies


class PrivateResponseMiddleware:
    """After AuthenticationMiddleware (it reads request.user); inside the anonymous page cache, which then never
    stores what this marks private."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if is_private(request, response):
            # no-store says it all: the directives a view set (public, max-age) would only contradict it
            response["Cache-Control"] = PRIVATE
            if "Expires" in response:
                del response["Expires"]
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(view_func, "carries_secret", False):
            request._carries_secret = True
