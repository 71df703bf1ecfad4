"""The signed-in person's certificates of attendance, for the "my events" page (one query)."""

from django import template

from events import attendance_certificates

register = template.Library()


@register.simple_tag
def my_attendance_certificates(user):
    certificates = attendance_certificates.for_user(user).only("pk", "title", "serial", "issued_on")
    return list(certificates.order_by("-issued_on", "-pk"))
