"""Content-Security-Policy (django-csp): a strict policy for the public site, a wider one for Wagtail's admin.

Public pages load nothing from other hosts and run no inline script without the request's nonce
(`{{ request.csp_nonce }}`); style attributes stay allowed for the progress bars' computed widths. The admin
(everything under /admin/, including page previews) needs inline styles, data:/blob: images (upload previews,
cropping) and same-origin framing (the preview pane). Both are set in every environment, so the tests and the
browser journeys run under the policy that production sends.
"""

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings

ADMIN_PREFIX = "/admin/"


class PortalCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None and request.path_info.startswith(ADMIN_PREFIX):
            return PolicyParts(settings.CSP_ADMIN_DIRECTIVES, parts.update, parts.replace, parts.nonce)
        return parts
