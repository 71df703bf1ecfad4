"""Dates still to come in the admin's listings. Wagtail's date cell says how long ago a date was, and of every future
date (a round's deadline, a competition's closing, a report's due date) it says "Vừa xong" (just now), as if the
deadline had passed: templates/wagtailadmin/tables/date_cell.html shows those as their date and time instead."""

import datetime

from django import template
from django.utils import timezone
from django.utils.formats import date_format

register = template.Library()


@register.filter
def still_to_come(value):
    """`value` (a date or datetime) as the portal's screens write it ("17:00 19/12/2026", "19/12/2026") if it lies in
    the future, else "" (past dates keep Wagtail's "3 ngày trước")."""
    if isinstance(value, datetime.datetime):
        if value <= timezone.now():
            return ""
        return date_format(timezone.localtime(value) if timezone.is_aware(value) else value, "H:i d/m/Y")
    if isinstance(value, datetime.date):
        return date_format(value, "d/m/Y") if value > timezone.localdate() else ""
    return ""
