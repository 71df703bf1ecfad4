"""Consent is the only door to the public trainer register (issue 12, item 6): a flag ticked by anyone else, the
admin included, never puts a trainer's data on it."""

import pytest

from tests.factories.portal import PASSWORD, board_user
from tests.training.cohorts.test_trainers import certified_trainer
from training.cohorts import services as cohort_services
from training.models import TrainerProfile

pytestmark = pytest.mark.django_db

REGISTER = "/tot/giang-vien/"
EMAIL, PHONE, WORKPLACE = "khoi.gv@example.vn", "0905 333 444", "Trường THPT Trần Cao Vân"


@pytest.fixture
def trainer():
    profile = certified_trainer(
        board_user(), "Võ Minh Khôi", public_email=EMAIL, public_phone=PHONE, workplace=WORKPLACE
    )
    assert profile.register_consent_at is None
    return profile


def shown(client):
    html = client.get(REGISTER).content.decode()
    return {
        "listed": "Võ Minh Khôi" in html,
        "email": EMAIL in html,
        "phone": PHONE in html,
        "workplace": WORKPLACE in html,
    }


NOTHING = {"listed": False, "email": False, "phone": False, "workplace": False}
EVERYTHING = {"listed": True, "email": True, "phone": True, "workplace": True}
ALL_CONSENTS = {"show_on_register": True, "show_workplace": True, "show_email": True, "show_phone": True}


def test_flags_ticked_without_a_recorded_consent_show_nothing(client, trainer):
    TrainerProfile.objects.filter(pk=trainer.pk).update(**ALL_CONSENTS)  # e.g. an old admin tick, or the database

    assert shown(client) == NOTHING


def test_consent_given_shows_what_was_agreed_and_withdrawal_takes_it_away(client, trainer):
    cohort_services.record_register_consent(trainer, show_on_register=True, show_email=True)
    assert shown(client) == {"listed": True, "email": True, "phone": False, "workplace": False}

    cohort_services.record_register_consent(trainer, **ALL_CONSENTS)
    assert shown(client) == EVERYTHING

    cohort_services.record_register_consent(trainer, show_on_register=False)
    assert shown(client) == NOTHING


def test_withdrawal_through_the_trainers_own_form(client, trainer):
    cohort_services.record_register_consent(trainer, **ALL_CONSENTS)
    client.force_login(trainer.user)
    form = {"workplace": WORKPLACE, "public_email": EMAIL, "public_phone": PHONE, "bio": ""}

    client.post("/ca-nhan/ho-so-giang-vien/", form)  # every box unticked
    client.logout()

    assert shown(client) == NOTHING
    trainer.refresh_from_db()
    assert trainer.register_consent_at is not None


def test_the_admin_cannot_publish_a_trainer_by_editing_the_snippet(client, trainer):
    board = board_user()
    assert client.login(username=board.username, password=PASSWORD)
    edit = f"/admin/snippets/training/trainerprofile/edit/{trainer.pk}/"
    page = client.get(edit)
    assert page.status_code == 200
    data = {
        "display_name": "Võ Minh Khôi (đã sửa)",
        "user": str(trainer.user_id),
        "status": trainer.status,
        "unit": "",
        "sectors": "du lịch số",
        "certified_on": str(trainer.certified_on or ""),
        "expires_on": str(trainer.expires_on or ""),
        "renewed_on": "",
        "workplace": WORKPLACE,
        "public_email": EMAIL,
        "public_phone": PHONE,
        "bio": "",
        **{name: "on" for name in ALL_CONSENTS},
    }

    response = client.post(edit, data)

    assert response.status_code == 302, response.content.decode()[:2000]  # the edit itself was saved...
    trainer.refresh_from_db()
    assert trainer.display_name == "Võ Minh Khôi (đã sửa)"
    assert not any(getattr(trainer, name) for name in ALL_CONSENTS)  # ...but none of the consents
    assert trainer.register_consent_at is None
    client.logout()
    assert shown(client) == NOTHING


def test_the_admin_edit_keeps_a_consent_the_trainer_gave(client, trainer):
    cohort_services.record_register_consent(trainer, show_on_register=True, show_email=True)
    board = board_user()
    assert client.login(username=board.username, password=PASSWORD)
    data = {
        "display_name": "Võ Minh Khôi",
        "user": str(trainer.user_id),
        "status": trainer.status,
        "unit": "",
        "sectors": "du lịch số",
        "certified_on": str(trainer.certified_on or ""),
        "expires_on": str(trainer.expires_on or ""),
        "renewed_on": "",
        "workplace": WORKPLACE,
        "public_email": EMAIL,
        "public_phone": PHONE,
        "bio": "",
    }  # the read-only boxes are not sent: they must not read as a withdrawal either

    assert client.post(f"/admin/snippets/training/trainerprofile/edit/{trainer.pk}/", data).status_code == 302
    client.logout()

    assert shown(client) == {"listed": True, "email": True, "phone": False, "workplace": False}
