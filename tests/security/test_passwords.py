"""Passwords (issue 12, item 5): the agency's, the clubs', the person's own name and e-mail are refused on every
path that sets a password, folded as search folds (no diacritics, case, spaces or punctuation), and so are the
~40,000 common passwords; a long passphrase stays accepted."""

import pytest
from django.contrib.auth import password_validation
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from zxcvbn.frequency_lists import FREQUENCY_LISTS

from clubs.services import ensure_editor_group
from portal.models import User
from portal.security.passwords import common_passwords
from tests.factories.clubs import make_club
from tests.factories.portal import PASSWORD, AgencyFactory, UserFactory, board_user, nominator

pytestmark = pytest.mark.django_db

# 64 characters, Vietnamese words with spaces: what a person can remember and nobody can guess.
PASSPHRASE = "Sáng thứ hai đạp xe qua cầu Tam Kỳ, mua bánh mì và hai ly cà phê"
STRONG = "Cay-Me-Hoa-Tim-Ben-Song-7"


def agency_nominator():
    agency = AgencyFactory(name="Sở Khoa học và Công nghệ", short_name="Sở KH&CN")
    return nominator(agency=agency, username="daumoi.skhcn", last_name="Trần", first_name="Minh Đức",
                     email="duc.tran@skhcn.quangnam.gov.vn")


def refused(password, user):
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        return [message for message in error.messages]
    return []


def test_a_64_character_passphrase_is_accepted():
    assert len(PASSPHRASE) == 64
    assert refused(PASSPHRASE, agency_nominator()) == []


@pytest.mark.parametrize("password", [
    "SoKHCN2026",  # the short name without its diacritics, spaces and ampersand, and a year
    "sở kh&cn 2026",
    "SO-KH-CN-123!",
    "SởKhoaHọcVàCôngNghệ",
    "sokhoahocvacongnghe2026",
    "Khoa học và Công nghệ",  # a piece of the agency's name
    "TranMinhDuc1990",  # the full name, family name first as Vietnamese write it
    "Trần Minh Đức",
    "duc.tran@skhcn.quangnam.gov.vn",
    "DucTran2026!",  # the e-mail's local part
    "daumoi.skhcn",
])
def test_the_agency_name_full_name_and_e_mail_are_refused_folded(password):
    messages = refused(password, agency_nominator())
    assert any("tên cơ quan" in message for message in messages), (password, messages)


def test_a_passphrase_that_mentions_the_agency_keeps_its_strength_in_the_rest():
    # The rule: a name inside the password is refused while what is left is short ("SoKHCN2026" leaves "2026").
    user = agency_nominator()
    assert refused("Sở KH&CN họp sáng thứ hai ở tầng ba nhà số chín", user) == []
    assert refused("SoKHCN-Tam-Ky-26", user)  # leaves "tamky26": 7 characters


def test_the_names_of_the_clubs_the_user_edits_are_refused(site_tree):
    directory, _news = site_tree
    club = make_club(directory, title="CLB Khởi nghiệp Điện Bàn")
    group = ensure_editor_group(club)
    editor = UserFactory(groups=[group.name])
    assert refused("Khởi nghiệp Điện Bàn", editor)
    assert refused("khoinghiepdienban", editor)
    assert refused("CLBKhoiNghiepDienBan1", editor)
    other = UserFactory()
    assert refused("CLBKhoiNghiepDienBan1", other) == []  # not this user's club: nothing to know about them


def test_short_given_names_only_refuse_the_whole_password():
    user = UserFactory(first_name="An", last_name="Lê")
    assert refused("An", user)  # (and too short besides)
    assert refused("Rung-An-Cau-Vong-Do", user) == []  # "an" inside a longer password is not a name


def test_the_common_list_is_larger_than_djangos_and_refuses_what_djangos_accepts():
    django_validator = password_validation.CommonPasswordValidator()
    assert len(common_passwords()) > 2 * len(django_validator.passwords) * 0.95  # ~40,000 against ~20,000
    only_ours = next(word for word in FREQUENCY_LISTS["passwords"]
                     if len(word) >= 10 and not word.isdigit() and word not in django_validator.passwords)
    django_validator.validate(only_ours)  # Django's own list lets it through
    user = UserFactory()
    assert any("quá phổ biến" in message for message in refused(only_ours, user)), only_ours
    assert any("quá phổ biến" in message for message in refused("Mật khẩu 123", user))  # folded: matkhau123
    assert any("quá phổ biến" in message for message in refused("Password123", user))
    assert refused(STRONG, user) == []


def test_the_messages_are_vietnamese_and_english_in_english():
    from django.utils import translation

    user = agency_nominator()
    with translation.override("en"):
        messages = refused("SoKHCN2026", user)
    assert any("agency" in message for message in messages), messages


# --- every path that sets a password -------------------------------------------------------------------------


def admin_user_data(**extra):
    return {"username": "daumoi_moi", "email": "moi@example.vn", "first_name": "Thị Ánh", "last_name": "Nguyễn",
            "is_active": "on", "phone": "", **extra}


def test_wagtail_admin_user_creation_refuses_the_agency_chosen_in_the_same_form(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    agency = AgencyFactory(name="Sở Kế hoạch và Đầu tư", short_name="Sở KH&ĐT")
    response = client.post("/admin/users/new/", admin_user_data(
        agency=agency.pk, password1="SoKHDT2026", password2="SoKHDT2026"))
    assert response.status_code == 200
    assert "tên cơ quan" in str(response.context["form"].errors)
    assert not User.objects.filter(username="daumoi_moi").exists()
    response = client.post("/admin/users/new/", admin_user_data(agency=agency.pk, password1=STRONG, password2=STRONG))
    assert response.status_code == 302
    assert User.objects.get(username="daumoi_moi").check_password(STRONG)


def test_wagtail_admin_user_creation_refuses_the_club_of_the_groups_chosen_in_the_same_form(client, site_tree):
    directory, _news = site_tree
    group = ensure_editor_group(make_club(directory, title="CLB Khởi nghiệp Hội An"))
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    response = client.post("/admin/users/new/", admin_user_data(
        groups=[group.pk], password1="KhoiNghiepHoiAn!", password2="KhoiNghiepHoiAn!"))
    assert response.status_code == 200, response.get("Location")
    assert "tên cơ quan" in str(response.context["form"].errors)
    assert not User.objects.filter(username="daumoi_moi").exists()


def test_wagtail_admin_user_edit_refuses_the_users_agency(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    user = agency_nominator()
    data = {"username": user.username, "email": user.email, "first_name": user.first_name,
            "last_name": user.last_name, "agency": user.agency_id, "phone": "", "is_active": "on",
            "password1": "So KH CN 2026", "password2": "So KH CN 2026"}
    response = client.post(f"/admin/users/edit/{user.pk}/", data)
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_own_password_change_in_the_wagtail_account_page_refuses_the_agency(client):
    user = agency_nominator()
    user.groups.add(*board_user().groups.all())  # someone with the admin
    client.force_login(user)
    response = client.post("/admin/account/", {
        "password-old_password": PASSWORD, "password-new_password1": "SoKHCN2026",
        "password-new_password2": "SoKHCN2026",
        "name_email-first_name": user.first_name, "name_email-last_name": user.last_name,
        "name_email-email": user.email,
    })
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    assert "tên cơ quan" in response.content.decode()


def reset_path(prefix, user):
    return f"{prefix}{urlsafe_base64_encode(force_bytes(user.pk))}/{default_token_generator.make_token(user)}/"


@pytest.mark.parametrize("prefix", ["/tai-khoan/quen-mat-khau/dat-lai/", "/admin/password_reset/confirm/"])
def test_both_reset_flows_refuse_the_agency_and_accept_a_passphrase(client, prefix):
    user = agency_nominator()
    opened = client.get(reset_path(prefix, user), follow=True)
    set_url = opened.redirect_chain[-1][0]
    bad = client.post(set_url, {"new_password1": "SoKHCN2026", "new_password2": "SoKHCN2026"})
    assert bad.status_code == 200
    assert "tên cơ quan" in bad.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    good = client.post(set_url, {"new_password1": PASSPHRASE, "new_password2": PASSPHRASE})
    assert good.status_code == 302
    user.refresh_from_db()
    assert user.check_password(PASSPHRASE)


def test_createsuperuser_validates_with_the_user(monkeypatch):
    """Django's createsuperuser asks validate_password with the user it is about to make: a password that is the
    username is refused (the command then asks whether to bypass: no), the passphrase that follows is taken."""
    import io
    import sys

    from django.contrib.auth.management.commands import createsuperuser
    from django.core.management import call_command

    answers = iter(["tranduc.admin", "tranduc@example.vn", "N"])
    passwords = iter(["TranDuc.Admin", "TranDuc.Admin", PASSPHRASE, PASSPHRASE])
    monkeypatch.setattr("builtins.input", lambda *_a, **_k: next(answers))
    monkeypatch.setattr(createsuperuser.getpass, "getpass", lambda *_a, **_k: next(passwords))
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    errors = io.StringIO()
    call_command("createsuperuser", interactive=True, stdout=io.StringIO(), stderr=errors, stdin=sys.stdin)
    assert "tên cơ quan" in errors.getvalue()
    assert User.objects.get(username="tranduc.admin").check_password(PASSPHRASE)
