"""Password rules beyond Django's (issue 12, item 5), in AUTH_PASSWORD_VALIDATORS so every path that sets a
password runs them: the Wagtail admin's user create and edit forms, one's own change (Wagtail's account page and
the personal area's /ca-nhan/mat-khau/), both reset flows (Django's SetPasswordForm) and `createsuperuser`.

**Names the attacker knows** (PersonalNamesValidator): the user's agency (name and short name), the clubs they edit
(the pages their groups may edit, the Board's own root grant aside), their full name, family and given names,
username, e-mail and its local part. Both sides are folded the way search folds (portal.pages.search: NFC, no
diacritics, lower case) and lose everything but letters and digits, so "Sở KH&CN", "so kh cn" and "SOKHCN" are one.
The rule, for a folded name N and the folded password P:
  - P equal to N, or P (4 characters or more) inside N (a piece of the name), is refused;
  - N (4 characters or more) inside P is refused when what is left of P once every such name is taken out is
    shorter than REST_LENGTH (12) characters: "SoKHCN2026" leaves "2026" and is refused, while a long passphrase
    that happens to mention the agency keeps its strength in the rest and is accepted.
Names shorter than 4 characters (a given name "An") are only refused as the whole password: inside a longer one
they would refuse half the dictionary.

**Common and breached passwords** (CommonPasswordsValidator): Django's list (about 20,000) together with the
30,000 most common passwords of zxcvbn's frequency list (the `zxcvbn` package, from the Xato 10-million-password
corpus) and a few Vietnamese habits (COMMON_VIETNAMESE), about 40,000 in all, compared case-insensitively and
also folded ("Mật khẩu 123" is "matkhau123"). Nothing is fetched at run time.

Ground: the clubs a user edits are found through Wagtail's group page permissions, not through the clubs app.
"""

import gzip
import re
from functools import cache
from pathlib import Path

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.pages.search import folded as search_folded

REST_LENGTH = 12
SHORT_NAME = 4
COMMON_VIETNAMESE = (
    "matkhau", "matkhau123", "matkhau1234", "matkhau123456", "anhyeuem", "emyeuanh", "anhyeuem123", "emyeuanh123",
    "yeuem", "yeuanh", "iloveyou123", "vietnam", "vietnam123", "vietnam2026", "quangnam", "quangnam123", "tamky",
    "hoian", "danang", "khoinghiep", "khoinghiep123", "startup123", "admin123", "admin1234", "quantri", "quantri123",
    "123456a@", "abc@123", "abc123456", "aa123456", "a123456789", "hanoi123", "saigon123", "conheo", "concho",
    "hoilamgi", "khongbiet", "chucmung", "thanhcong", "hanhphuc", "ngoisao",
)


def fold(text):
    """Text as search folds it, with only letters and digits left: "Sở KH&CN" -> "sokhcn"."""
    return re.sub(r"[^0-9a-z]+", "", search_folded(text or ""))


# --- names -------------------------------------------------------------------------------------------------


def _edited_page_titles(user, groups):
    """Titles of the pages (clubs) that `groups` may edit; the Board's grant on the tree's top is not a name."""
    from wagtail.models import GroupPagePermission

    return set(
        GroupPagePermission.objects.filter(group__in=groups, page__depth__gt=2)
        .values_list("page__title", flat=True)
        .distinct()
    )


def names_of(user):
    """What a guesser knows of `user`. A form that is still choosing the user's groups (the admin's create form)
    sets `user._password_groups` to the chosen ones: they are not saved when the password is checked."""
    names = [user.get_username(), getattr(user, "first_name", ""), getattr(user, "last_name", "")]
    names.append(" ".join(part for part in (getattr(user, "last_name", ""), getattr(user, "first_name", "")) if part))
    email = getattr(user, "email", "") or ""
    names += [email, email.partition("@")[0]]
    agency_id = getattr(user, "agency_id", None)
    if agency_id:
        agency = user.agency
        names += [agency.name, agency.short_name]
    groups = getattr(user, "_password_groups", None)
    if groups is None:
        groups = list(user.groups.all()) if user.pk else []
    if groups:
        names += _edited_page_titles(user, groups)
    return {name for name in (fold(text) for text in names) if name}


class PersonalNamesValidator:
    """Refuses a password built on the user's agency, club, full name or e-mail (module docstring: the rule)."""

    def __init__(self, rest_length=REST_LENGTH):
        self.rest_length = rest_length

    def validate(self, password, user=None):
        if user is None:
            return
        candidate = fold(password)
        if not candidate:
            return
        names = names_of(user)
        if any(candidate == name or (len(candidate) >= SHORT_NAME and candidate in name) for name in names):
            raise self.error()
        inside = sorted(
            (name for name in names if len(name) >= SHORT_NAME and name in candidate), key=len, reverse=True
        )
        if inside:
            rest = candidate
            for name in inside:
                rest = rest.replace(name, "")
            if len(rest) < self.rest_length:
                raise self.error()

    @staticmethod
    def error():
        return ValidationError(
            _(
                "Mật khẩu không được dựa trên tên cơ quan, tên câu lạc bộ, họ tên hay địa chỉ thư điện tử của "
                "bạn (kể cả khi bỏ dấu, bỏ khoảng trắng hay thêm vài con số)."
            ),
            code="password_personal_name",
        )

    def get_help_text(self):
        return _(
            "Mật khẩu không được dựa trên tên cơ quan, tên câu lạc bộ, họ tên hay thư điện tử của bạn."
        )


# --- common passwords --------------------------------------------------------------------------------------


@cache
def common_passwords():
    django_list = Path(password_validation.__file__).resolve().parent / "common-passwords.txt.gz"
    with gzip.open(django_list, "rt", encoding="utf-8") as handle:
        words = {line.strip() for line in handle}
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    words.update(FREQUENCY_LISTS["passwords"])
    words.update(COMMON_VIETNAMESE)
    words.discard("")
    return frozenset(word.lower() for word in words)


class CommonPasswordsValidator:
    """Refuses the ~40,000 most common passwords (module docstring: the lists)."""

    message = gettext_lazy(
        "Mật khẩu này quá phổ biến, nằm trong danh sách mật khẩu hay bị dò ra. Hãy chọn mật khẩu khác."
    )

    def validate(self, password, user=None):
        words = common_passwords()
        if password.lower().strip() in words or fold(password) in words:
            raise ValidationError(self.message, code="password_too_common")

    def get_help_text(self):
        return _("Mật khẩu không được là một mật khẩu phổ biến.")
