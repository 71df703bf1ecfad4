from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


class PortalLocaleMiddleware:
    """Vietnamese unless the visitor chose English with the language switch (the cookie set_language writes).

    Django's LocaleMiddleware would also follow the browser's Accept-Language, so a visitor whose browser is in
    English would land on an English portal; ours is Vietnamese first for everyone.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ["Cookie"])
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response


class RejectNulBytesMiddleware:
    """A NUL byte in the path or the query string is a 400, before any view runs.

    No URL of the portal carries one, and PostgreSQL cannot compare text with NUL: every lookup of a token, slug or
    filter value taken from the URL would otherwise end in a DataError (a 500). Form fields are checked by Django's
    own CharField validator, so the request body is not read here (that would fix upload handlers too early)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or "\x00" in request.META.get("QUERY_STRING", "") or any(
            "\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()
        ):
            from django.core.exceptions import BadRequest

            raise BadRequest("NUL byte in the request URL")
        return self.get_response(request)
