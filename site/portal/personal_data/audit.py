"""The audit trail's part of a person's data: Wagtail log entries about any record found for them (whose
label is the record's name), and those of actions they performed."""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.models import ModelLogEntry

from .service import ERASED_NAME, plain

KINDS = {
    "portal.audit": _("Nhật ký thao tác trên hồ sơ của người này"),
    "portal.audit_actor": _("Nhật ký thao tác do người này thực hiện"),
}


def find(person, found):
    by_model = defaultdict(set)
    for objects in found.values():
        for obj in objects:
            by_model[type(obj)].add(str(obj.pk))
    about = Q(pk__in=[])
    for model, pks in by_model.items():
        about |= Q(content_type=ContentType.objects.get_for_model(model), object_id__in=pks)
    entries = ModelLogEntry.objects.select_related("content_type", "user").order_by("timestamp", "pk")
    subject = list(entries.filter(about))
    subject_ids = {entry.pk for entry in subject}
    actor = [e for e in entries.filter(user_id__in=person.user_ids) if e.pk not in subject_ids]
    return {"portal.audit": subject, "portal.audit_actor": actor}


def export(kind, entry):
    return {
        str(_("Mã bản ghi")): entry.pk,
        str(_("Thời điểm")): plain(entry.timestamp),
        str(_("Thao tác")): entry.action,
        str(_("Loại hồ sơ")): str(entry.content_type.name) if entry.content_type else "",
        str(_("Hồ sơ")): entry.label,
        str(_("Người thực hiện")): entry.user.get_username() if entry.user else "",
    }


def erase(kind, entries):
    """The entries stay (what happened and when); the name in their label and any data they carry go.
    Entries of actions the person performed keep their label: those name other people's records."""
    if kind == "portal.audit":
        ModelLogEntry.objects.filter(pk__in=[e.pk for e in entries]).update(label=ERASED_NAME, data={})
