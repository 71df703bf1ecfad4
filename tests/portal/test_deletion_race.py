"""A many-to-many link written while the Board deletes its target, on real parallel PostgreSQL connections: the
link is never cascaded away unseen. The delete view checks and deletes in one transaction with the record locked,
so the other writer's foreign key check waits for it and then fails (it is told). Unlocked, the link either
vanished between the check and the DELETE or, committed in that window, failed the Board's deletion at its commit
with a 500."""

import threading

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models.signals import pre_delete
from django.urls import reverse

from portal.models import AdministrativeUnit
from tests.factories.mentoring import make_mentor
from tests.factories.portal import AdministrativeUnitFactory, board_user

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]

# Long enough for an unlocked writer to commit (milliseconds), short enough to keep the suite quick.
WRITER_WINDOW = 1.5


def link_meanwhile(mentor, district):
    """Once the deletion has passed its check (pre_delete), another connection links `district` to `mentor`."""
    outcome = {}

    def writer():
        try:
            with transaction.atomic():
                mentor.districts.add(district)
            outcome["result"] = "linked"
        except IntegrityError:
            outcome["result"] = "refused"
        finally:
            connection.close()

    thread = threading.Thread(target=writer)

    def during_deletion(sender, instance, **kwargs):
        if instance.pk == district.pk and not thread.is_alive() and "started" not in outcome:
            outcome["started"] = True
            thread.start()
            thread.join(WRITER_WINDOW)  # an unlocked deletion lets it commit now, before its cascade

    pre_delete.connect(during_deletion, sender=AdministrativeUnit, weak=False)
    return thread, outcome, during_deletion


def test_a_link_written_during_a_deletion_is_refused_not_cascaded_away(client):
    client.force_login(board_user(username="bandieuhanh"))
    mentor = make_mentor(display_name="Lê Văn Cố Vấn", districts=[])
    district = AdministrativeUnitFactory(name="Huyện Nông Sơn", slug="nong-son")
    thread, outcome, receiver = link_meanwhile(mentor, district)
    try:
        client.post(reverse("wagtailsnippets_portal_administrativeunit:delete", args=(district.pk,)))
        thread.join(10)
    finally:
        pre_delete.disconnect(receiver, sender=AdministrativeUnit)

    assert outcome == {"started": True, "result": "refused"}
    assert not AdministrativeUnit.objects.filter(pk=district.pk).exists()
    assert list(mentor.districts.all()) == []
