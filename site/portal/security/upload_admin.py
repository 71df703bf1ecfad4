"""The admin's multiple-upload pages show nginx's answer to an upload over its size limit (static/portal/js)."""

from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks


@hooks.register("insert_global_admin_js")
def upload_too_large_message():
    return format_html('<script src="{}"></script>', static("portal/js/upload-too-large.js"))
