"""The idea bank's part of a person's data (portal.personal_data.service): the entries they own or are the
contact of, their mentoring, and the competition entries they applied for or nominated. Erasure takes an entry
off the bank (withdrawn) and clears the contact and the team, in the entry and in every version it keeps; the
idea's own text stays for the counts per sector and district. A competition entry keeps its scores and award,
its statement is cleared."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.personal_data.service import ERASED_NAME, record

from .competitions.models import CompetitionEntry
from .enums import EntryState, VersionStatus
from .mentoring import services as mentoring
from .mentoring.models import MentoringRequest, MentorProfile
from .models import Entry, EntryVersion
from .services import forget_renditions

KINDS = {
    "ideas.entry": _("Ý tưởng, dự án trong ngân hàng ý tưởng"),
    "ideas.mentorprofile": _("Hồ sơ chuyên gia, cố vấn"),
    "ideas.mentoringrequest": _("Đề nghị cố vấn đã gửi"),
    "ideas.competitionentry": _("Hồ sơ dự thi đã đăng ký, đề cử"),
}
COMPETITION_FIELDS = ["competition", "idea", "category", "route", "statement", "status", "award", "submitted_at"]
MENTOR_FIELDS = ["display_name", "kind", "headline", "expertise", "availability", "public_email", "consent", "state"]
REQUEST_FIELDS = ["mentor", "entry", "club", "message", "state", "reason", "created_at"]
EXPORT_FIELDS = [
    "title",
    "summary",
    "sector",
    "stage",
    "district",
    "club",
    "team",
    "show_team",
    "contact_name",
    "contact_email",
    "contact_phone",
    "show_contact",
    "consent",
    "state",
    "created_at",
    "published_at",
]
ERASED_CONTACT = {
    "contact_name": "",
    "contact_email": "",
    "contact_phone": "",
    "team": "",
    "show_contact": False,
    "show_team": False,
}


def find(person, found):
    condition = Q(owner_id__in=person.user_ids)
    if person.emails:
        condition |= Q(contact_email__in=person.emails)
    return {
        "ideas.entry": list(Entry.objects.filter(condition).select_related("sector", "district", "club")),
        "ideas.mentorprofile": list(MentorProfile.objects.filter(user_id__in=person.user_ids)),
        "ideas.mentoringrequest": list(
            MentoringRequest.objects.filter(requester_id__in=person.user_ids).select_related("mentor", "entry", "club")
        ),
        "ideas.competitionentry": list(
            CompetitionEntry.objects.filter(applicant_id__in=person.user_ids).select_related(
                "competition", "idea", "category"
            )
        ),
    }


def export(kind, obj):
    fields = {
        "ideas.mentorprofile": MENTOR_FIELDS,
        "ideas.mentoringrequest": REQUEST_FIELDS,
        "ideas.competitionentry": COMPETITION_FIELDS,
    }.get(kind, EXPORT_FIELDS)
    return record(obj, fields)


def erase(kind, objects):
    """A mentor's profile leaves the network (its pending requests declined, as when a mentor leaves) with its
    text cleared; a request's message is cleared; an entry as below."""
    pks = [obj.pk for obj in objects]
    if kind == "ideas.mentorprofile":
        for profile in objects:
            mentoring.erase_profile(profile, ERASED_NAME)
        return
    if kind == "ideas.mentoringrequest":
        MentoringRequest.objects.filter(pk__in=pks).update(message="")
        return
    if kind == "ideas.competitionentry":  # the statement goes; the entry, its scores and any award stay on record
        CompetitionEntry.objects.filter(pk__in=pks).update(statement="")
        return
    for entry in Entry.objects.filter(pk__in=pks):
        changes = {**ERASED_CONTACT, "contact_name": ERASED_NAME if entry.contact_name else ""}
        Entry.objects.filter(pk=entry.pk).update(state=EntryState.WITHDRAWN, folded_text="", **changes)
        forget_renditions(entry)
    for version in EntryVersion.objects.filter(entry_id__in=pks):
        EntryVersion.objects.filter(pk=version.pk).update(
            data={**version.data, **ERASED_CONTACT},
            status=VersionStatus.WITHDRAWN if version.status == VersionStatus.PENDING else version.status,
        )
