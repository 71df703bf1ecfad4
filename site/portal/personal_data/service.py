"""Everything held about one person, across the apps: find it, export it, erase it (Decree 13/2023/NĐ-CP).

Each app owns its part through a provider module listed in PROVIDERS (as portal.pages.home's SECTION_PROVIDERS): it
knows its own models and fields. A provider offers

    KINDS                    {kind: label} of the records it holds, in the order the export lists them
    identifiers(person)      optional: add e-mails the person's account has used in the app's records
    search(query)            optional: [Candidate] whose name, e-mail or phone contains the query
    find(person, found)      {kind: [objects]}; `found` holds what earlier providers found (the audit provider
                             runs last and looks up the log entries of every object found)
    export(kind, obj)        one record as {label: value}, with the field labels the admin shows
    erase(kind, objects)     anonymise those records in place (the caller holds the transaction)

Erasure keeps every row, so counts per agency, unit, year and event stay right; it replaces names with
ERASED_NAME, e-mails with a unique non-identifying address (unique constraints still hold), and clears phones,
birth dates (ERASED_BIRTH_DATE), workplaces and free-text notes. Certificates stay valid and verifiable, their
holder withheld. The account is deactivated with an unusable password. An ErasureRecord says who, when and under
which request, with counts only.
"""

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from importlib import import_module

from django.db import transaction
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from portal.inputs.text import clean_markup, clean_tree

PROVIDERS = [
    "portal.personal_data.accounts",
    "training.personal_data",
    "events.personal_data",
    "ideas.personal_data",  # entries of the idea bank the person owns or is the contact of
    "portal.personal_data.audit",  # last: it looks up the log entries of everything the others found
]

PERMISSION = "portal.manage_personal_data"
ERASED_NAME = "Đã xóa theo yêu cầu"
ERASED_BIRTH_DATE = date(1900, 1, 1)
ERASED_DOMAIN = "an-danh.invalid"  # .invalid is reserved (RFC 2606): no mail can ever go there


def erased_email(kind, pk):
    """A unique address per record that identifies nobody (kept unique for the (round|event, email) constraints)."""
    return f"da-xoa-{kind}-{pk}@{ERASED_DOMAIN}"


def is_erased_email(email):
    return (email or "").lower().endswith("@" + ERASED_DOMAIN)


class PersonalDataError(Exception):
    def __init__(self, message, field=None):
        super().__init__(message)
        self.message, self.field = message, field


def providers():
    return [import_module(path) for path in PROVIDERS]


def kind_labels():
    return {kind: label for provider in providers() for kind, label in provider.KINDS.items()}


PHONE_JUNK = re.compile(r"[\s.\-()]")


def phone_variants(phone):
    """The ways one Vietnamese number is stored: 0905123456 and +84905123456."""
    phone = PHONE_JUNK.sub("", phone or "")
    if not phone:
        return set()
    if phone.startswith("+84"):
        return {phone, "0" + phone[3:]}
    if phone.startswith("0"):
        return {phone, "+84" + phone[1:]}
    return {phone}


@dataclass
class Person:
    """Who the Board asks about: accounts, e-mails and phones. Build it with `Person.lookup`."""

    users: list = field(default_factory=list)
    emails: set = field(default_factory=set)
    phones: set = field(default_factory=set)

    @classmethod
    def lookup(cls, *, user=None, email="", phone=""):
        """The person behind an account and/or an e-mail and/or a phone number: accounts with that e-mail are
        theirs, and each app adds the e-mails that person's account used in its records (never phone numbers,
        which families and offices share: a phone matches only when the Board types it)."""
        from portal.models import User

        person = cls()
        person.add_email(email)
        person.phones |= phone_variants(phone)
        accounts = [user] if user is not None else []
        if person.emails:
            accounts += User.objects.filter(email__in=person.emails).exclude(pk__in=[u.pk for u in accounts])
        for account in accounts:
            person.users.append(account)
            person.add_email(account.email)
            person.phones |= phone_variants(account.phone)
        for provider in providers():
            if hook := getattr(provider, "identifiers", None):
                hook(person)
        return person

    def add_email(self, email):
        email = (email or "").strip().lower()
        if email and not is_erased_email(email):
            self.emails.add(email)

    @property
    def user_ids(self):
        return [user.pk for user in self.users]

    def __bool__(self):
        return bool(self.users or self.emails or self.phones)

    def describe(self):
        return {
            _("Tài khoản"): [user.username for user in self.users],
            _("Thư điện tử"): sorted(self.emails),
            _("Điện thoại"): sorted(self.phones),
        }


@dataclass
class Candidate:
    """One search hit: how the Board recognises a person before opening what is held about them."""

    name: str
    email: str = ""
    phone: str = ""
    user: object = None
    sources: set = field(default_factory=set)

    @property
    def key(self):
        return ("user", self.user.pk) if self.user is not None else ("email", self.email or self.phone)


def search(query, limit=50):
    """People whose name, e-mail or phone contains `query`: one row per account, or per e-mail without one."""
    from portal.models import User

    query = " ".join((query or "").split())
    if len(query) < 2:
        return []
    candidates = []
    for provider in providers():
        if hook := getattr(provider, "search", None):
            candidates += hook(query)
    # a record typed with an account's e-mail is that account's
    emails = {c.email for c in candidates if c.user is None and c.email}
    owners = {user.email: user for user in User.objects.filter(email__in=emails).order_by("-pk")}
    merged = {}
    for candidate in candidates:
        candidate.user = candidate.user or owners.get(candidate.email)
        existing = merged.setdefault(candidate.key, candidate)
        if existing is not candidate:
            existing.sources |= candidate.sources
            existing.phone = existing.phone or candidate.phone
            existing.email = existing.email or candidate.email
    return sorted(merged.values(), key=lambda c: (c.name.lower(), c.email))[:limit]


def find_person(person):
    """{kind: [objects]} of every record held about `person`, each app's part from its provider."""
    found = {}
    if not person:
        return found
    for provider in providers():
        found.update({kind: list(objects) for kind, objects in provider.find(person, found).items()})
    return found


def counts(found):
    """[(kind, label, count)] of the kinds that hold something, in the providers' order."""
    labels = kind_labels()
    return [(kind, labels[kind], len(found[kind])) for kind in labels if found.get(kind)]


# --- export --------------------------------------------------------------------------------------------------


def plain(value):
    """A JSON-ready value: local times, ISO dates, text for lazy strings and decimals."""
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (Decimal, Promise)):
        return str(value)
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [plain(v) for v in value]
    return value


def record(obj, fields, extra=None):
    """`obj` as {label: value} for `fields`, labelled as the admin labels them (Vietnamese)."""
    row = {_("Mã bản ghi"): obj.pk}
    for name in fields:
        model_field = obj._meta.get_field(name)
        if model_field.many_to_many:
            value = [str(item) for item in getattr(obj, name).all()]
        elif model_field.choices:
            value = getattr(obj, f"get_{name}_display")()
        elif model_field.is_relation:
            related = getattr(obj, name)
            value = str(related) if related is not None else None
        else:
            value = getattr(obj, name)
        row[capfirst(str(model_field.verbose_name))] = plain(value)
    row.update({str(key): plain(value) for key, value in (extra or {}).items()})
    return row


def export_person(person, actor=None):
    """Everything held about `person` as one JSON-ready dict with Vietnamese labels."""
    found = find_person(person)
    with translation.override("vi"):
        data = {}
        for provider in providers():
            for kind, label in provider.KINDS.items():
                if found.get(kind):
                    data[str(label)] = [provider.export(kind, obj) for obj in found[kind]]
        return {
            _("Xuất lúc"): plain(timezone.now()),
            _("Người xuất"): actor.get_username() if actor else "",
            _("Tìm theo"): person.describe(),
            _("Căn cứ"): _("Nghị định 13/2023/NĐ-CP về bảo vệ dữ liệu cá nhân"),
            _("Dữ liệu"): data,
        }


def export_json(person, actor=None):
    """(bytes, filename) of the export, UTF-8 JSON with diacritics as written (NFC, without the control characters
    a row saved before text was cleaned on save may hold: portal.inputs.text)."""
    data = clean_tree(export_person(person, actor), clean_markup)
    body = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False)
    return body.encode("utf-8"), f"du-lieu-ca-nhan-{timezone.localdate():%Y%m%d}.json"


# --- erasure -------------------------------------------------------------------------------------------------


def check_may_manage(actor):
    if not (actor and actor.is_authenticated and actor.is_active and actor.has_perm(PERMISSION)):
        raise PersonalDataError(_("Chỉ Ban Điều hành được tra cứu, xuất và xóa dữ liệu cá nhân."))


def erase_person(person, actor, *, reference, reason=""):
    """Anonymise everything held about `person`, in one transaction, and record the erasure.

    Refused (nothing changed) without a request reference, for the actor's own account or a superuser's, and
    when nothing is held. Running it again on an erased person finds only anonymised rows and changes nothing
    that matters; it is harmless.
    """
    from portal.models import ErasureRecord

    check_may_manage(actor)
    reference = " ".join((reference or "").split())
    if not reference:
        raise PersonalDataError(_("Cần ghi số hoặc mã của yêu cầu xóa dữ liệu."), field="reference")
    if len(reference) > 100:
        raise PersonalDataError(_("Số, mã yêu cầu tối đa 100 ký tự."), field="reference")
    for user in person.users:
        if user.pk == actor.pk:
            raise PersonalDataError(_("Không thể tự xóa dữ liệu của chính tài khoản đang dùng."))
        if user.is_superuser:
            raise PersonalDataError(_("Không xóa tài khoản quản trị cao nhất; hãy bỏ quyền đó trước."))
    with transaction.atomic():
        found = find_person(person)
        if not any(found.values()):
            raise PersonalDataError(_("Không tìm thấy dữ liệu nào của người này."))
        for provider in providers():
            for kind in provider.KINDS:
                if found.get(kind):
                    provider.erase(kind, found[kind])
        return ErasureRecord.objects.create(
            actor=actor,
            reference=reference,
            reason=(reason or "").strip()[:1000],
            counts={kind: number for kind, _label, number in counts(found)},
        )
