"""Admin scripts: nginx's answer to an upload over its size limit shown by the multiple-upload pages and by the
chooser pop-ups' upload tab (static/portal/js/upload-too-large.js), and the second-factor banner placed in
Wagtail's message list (admin-banner.js)."""

from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks


@hooks.register("insert_global_admin_js")
def upload_too_large_message():
    return format_html('<script src="{}"></script>', static("portal/js/upload-too-large.js"))


@hooks.register("insert_global_admin_js")
def admin_banner():
    return format_html('<script src="{}"></script>', static("portal/js/admin-banner.js"))
