"""The idea bank's part of a person's data (portal.personal_data.service): the entries they own or are the
contact of, their mentoring, and the competition entries they applied for or nominated. Erasure takes an entry
off the bank (withdrawn) and clears the contact and the team, in the entry and in every version it keeps; the
idea's own text stays for the counts per sector and district. A competition entry keeps its scores and award,
its statement is cleared.

Competition reviews come in two kinds. Those OF the competition entries of the person's ideas (as the nomination
reviews of a candidate; the agency or club that nominated an idea does not get its reviews) keep their scores and
lose their comment. Those the person WROTE as a reviewer stay as they are, scores and comment: they are the
Board's record about another person's entry, and what names the reviewer there is their account, which the
accounts provider anonymises. The conflicts of interest the person declared keep their row (entry and time) and
lose the reason's text (see erase).

Team memberships (ideas.teams) are the member's: in their export; erasure deletes them, except where an entry of
that idea is still under review in a competition (live), where the row stays as the conflict-of-interest record
(as recusals stay), naming only the anonymised account. Erasing an owner cancels the pending invitations of their
entries; who accepted stays on record."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.personal_data.service import ERASED_NAME, record

from .competitions.models import CompetitionEntry, CompetitionRecusal, CompetitionReview
from .enums import EntryState, VersionStatus
from .mentoring import services as mentoring
from .mentoring.models import MentoringRequest, MentorProfile
from .models import Entry, EntryVersion
from .services import forget_renditions
from .teams.models import TeamMember
from .teams.services import cancel_pending

KINDS = {
    "ideas.entry": _("Ý tưởng, dự án trong ngân hàng ý tưởng"),
    "ideas.mentorprofile": _("Hồ sơ chuyên gia, cố vấn"),
    "ideas.mentoringrequest": _("Đề nghị cố vấn đã gửi"),
    "ideas.competitionentry": _("Hồ sơ dự thi đã đăng ký, đề cử"),
    "ideas.competitionreview": _("Phiếu chấm hồ sơ dự thi của người này"),
    "ideas.competitionreview_written": _("Phiếu chấm dự thi do người này chấm"),
    "ideas.competitionrecusal": _("Khai báo xung đột lợi ích của người này"),
    "ideas.teammember": _("Nhóm thực hiện ý tưởng người này được mời, tham gia"),
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
FIELDS = {
    "ideas.entry": EXPORT_FIELDS,
    "ideas.mentorprofile": MENTOR_FIELDS,
    "ideas.mentoringrequest": REQUEST_FIELDS,
    "ideas.competitionentry": COMPETITION_FIELDS,
    "ideas.competitionreview": ["reviewer", "total", "excluded", "comment", "updated_at"],
    "ideas.competitionreview_written": ["total", "excluded", "comment", "updated_at"],
    "ideas.competitionrecusal": ["reason", "at"],
    "ideas.teammember": ["entry", "state", "invited_at", "answered_at", "left_at"],
}
# kinds whose `entry` (a competition entry, without a Vietnamese verbose name) the export names itself
ABOUT_AN_ENTRY = {"ideas.competitionreview", "ideas.competitionreview_written", "ideas.competitionrecusal"}
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
    entries = list(Entry.objects.filter(condition).select_related("sector", "district", "club"))
    named_by = ("entry__idea", "entry__competition")  # what str(competition entry) reads
    return {
        "ideas.entry": entries,
        "ideas.mentorprofile": list(MentorProfile.objects.filter(user_id__in=person.user_ids)),
        "ideas.mentoringrequest": list(
            MentoringRequest.objects.filter(requester_id__in=person.user_ids).select_related("mentor", "entry", "club")
        ),
        "ideas.competitionentry": list(
            CompetitionEntry.objects.filter(applicant_id__in=person.user_ids).select_related(
                "competition", "idea", "category"
            )
        ),
        "ideas.competitionreview": CompetitionReview.objects.filter(entry__idea__in=entries)
        .select_related("reviewer", *named_by)
        .order_by("entry_id", "updated_at", "pk"),
        "ideas.competitionreview_written": CompetitionReview.objects.filter(reviewer_id__in=person.user_ids)
        .select_related(*named_by)
        .order_by("updated_at", "pk"),
        "ideas.competitionrecusal": CompetitionRecusal.objects.filter(reviewer_id__in=person.user_ids)
        .select_related(*named_by)
        .order_by("at", "pk"),
        "ideas.teammember": TeamMember.objects.filter(user_id__in=person.user_ids)
        .select_related("entry")
        .order_by("invited_at", "pk"),
    }


def export(kind, obj):
    extra = {_("Hồ sơ dự thi"): str(obj.entry)} if kind in ABOUT_AN_ENTRY else None
    return record(obj, FIELDS[kind], extra)


def erase(kind, objects):
    """A mentor's profile leaves the network (its pending requests declined, as when a mentor leaves) with its
    text cleared; a request's message is cleared; competition records and entries as the module says."""
    pks = [obj.pk for obj in objects]
    if kind == "ideas.mentorprofile":
        for profile in objects:
            mentoring.erase_profile(profile, ERASED_NAME)
    elif kind == "ideas.mentoringrequest":
        MentoringRequest.objects.filter(pk__in=pks).update(message="")
    elif kind == "ideas.competitionentry":  # the statement goes; the entry, its scores and any award stay on record
        CompetitionEntry.objects.filter(pk__in=pks).update(statement="")
    elif kind == "ideas.competitionreview":  # the comment may describe the person; the scores make the results
        CompetitionReview.objects.filter(pk__in=pks).update(comment="")
    elif kind == "ideas.competitionrecusal":
        # The row stays, so the conflict stays on record (rules.recused_entry_ids: the entry is still not theirs to
        # score, the results still show why their score is missing); the reason goes, as it tells of the reviewer's
        # private life (a relative, a partner). A marker, not a blank: a blank reason is one the form never
        # accepts, and the Board's screen must show that it was erased, not forgotten.
        CompetitionRecusal.objects.filter(pk__in=pks).update(reason=ERASED_NAME)
    elif kind == "ideas.entry":
        erase_entries(pks)
    elif kind == "ideas.teammember":
        erase_memberships(pks)
    # "ideas.competitionreview_written" stays as it is (module docstring)


def erase_memberships(pks):
    """Deleted, unless an entry of the idea is live in a competition: then the row is the conflict's record
    (ideas.competitions.rules.team_entry_ids) and stays, as a recusal does; it holds no text to clear."""
    under_review = CompetitionEntry.objects.filter(status="submitted").values("idea_id")
    TeamMember.objects.filter(pk__in=pks).exclude(entry_id__in=under_review).delete()


def erase_entries(pks):
    cancel_pending(pks)
    for entry in Entry.objects.filter(pk__in=pks):
        changes = {**ERASED_CONTACT, "contact_name": ERASED_NAME if entry.contact_name else ""}
        Entry.objects.filter(pk=entry.pk).update(state=EntryState.WITHDRAWN, folded_text="", **changes)
        forget_renditions(entry)
    for version in EntryVersion.objects.filter(entry_id__in=pks):
        EntryVersion.objects.filter(pk=version.pk).update(
            data={**version.data, **ERASED_CONTACT},
            status=VersionStatus.WITHDRAWN if version.status == VersionStatus.PENDING else version.status,
        )
