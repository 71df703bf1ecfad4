"""The daily reminder to those who have not submitted: within the days before their own deadline, once a day."""

import pytest
from django.core import mail
from django.core.management import call_command

from reporting.models import PeriodExtension
from tests.clock import local_datetime
from tests.factories.portal import AgencyKindFactory, nominator
from tests.factories.reporting import file_report, make_period

pytestmark = pytest.mark.django_db


def test_reminders_go_to_who_has_not_submitted_once_a_day(clock):
    kind = AgencyKindFactory()
    done, pending, extended = nominator(), nominator(), nominator()
    for user in (done, pending, extended):
        user.agency.kind = kind
        user.agency.save()
    clock.at("01/12/2026 08:00")
    period = make_period(agency_kinds=[kind], deadline=local_datetime("17/12/2026 16:30"))
    PeriodExtension.objects.create(period=period, agency=extended.agency, deadline=local_datetime("31/12/2026 16:30"))
    file_report(done, period)
    clock.at("15/12/2026 07:00")
    mail.outbox.clear()
    call_command("send_report_reminders", "--days", "3")
    call_command("send_report_reminders", "--days", "3")
    recipients = [address for message in mail.outbox for address in message.to]
    assert pending.agency.email in recipients and recipients.count(pending.agency.email) == 1
    assert done.agency.email not in recipients and extended.agency.email not in recipients
    assert "16:30 17/12/2026" in mail.outbox[0].body
    clock.at("17/12/2026 16:31")
    mail.outbox.clear()
    call_command("send_report_reminders", "--days", "3")
    assert not mail.outbox  # past the deadline: nothing to remind of
    clock.at("29/12/2026 09:00")
    call_command("send_report_reminders", "--days", "3")
    assert [m.to for m in mail.outbox] and extended.agency.email in mail.outbox[0].to
