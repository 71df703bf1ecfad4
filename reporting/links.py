"""Where a reporter's report lives on the front end (the views and the e-mails link to it)."""

from django.urls import reverse


def report_path(period, reporter):
    if reporter.agency:
        return reverse("reporting:agency_report", args=[period.pk])
    return reverse("reporting:club_report", args=[period.pk, reporter.club.pk])
