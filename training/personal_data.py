"""The ToT programme's part of a person's data (portal.personal_data.service): nominations with their status
history, reviews and duplicate alerts, enrolments and attendance, the trainer profile and practicum log, and
certificates, renewal requests. Rows stay for the programme's statistics; the person's fields are anonymised.

Two kinds of review: those OF the person's nominations (their comment, which describes the candidate, is cleared
on erasure; the scores stay) and those the person WROTE as a Board reviewer. Erasure leaves the latter as they are,
scores and comment: they are the Board's record about another person (the nominee, who may ask for them), and
what named the reviewer there is their account, which the accounts provider anonymises."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.personal_data import notices
from portal.personal_data.service import ERASED_BIRTH_DATE, ERASED_NAME, Candidate, erased_email, record
from training.certificates import services as certificate_services
from training.certificates.models import Certificate, RenewalRequest
from training.cohorts.models import Attendance, Enrolment, PracticumDelivery, TrainerProfile
from training.nominations.models import DuplicateAlert, Nomination, NominationStatusChange, Recusal, Review
from training.nominations.models.nominations import fold_name

KINDS = {
    "training.nomination": _("Hồ sơ đề cử giảng viên nguồn"),
    "training.status_change": _("Lịch sử trạng thái hồ sơ đề cử"),
    "training.review": _("Phiếu chấm hồ sơ"),
    "training.review_written": _("Phiếu chấm hồ sơ đề cử do người này chấm"),
    "training.recusal": _("Khai báo xung đột lợi ích với hồ sơ đề cử"),
    "training.duplicate_alert": _("Cảnh báo đề cử trùng"),
    "training.enrolment": _("Học viên của lớp"),
    "training.attendance": _("Điểm danh"),
    "training.trainer_profile": _("Hồ sơ giảng viên nguồn"),
    "training.practicum": _("Buổi thực hành giảng dạy"),
    "training.certificate": _("Giấy chứng nhận"),
    "training.renewal_request": _("Đề nghị gia hạn công nhận"),
}


def identifiers(person):
    """The e-mails of nominations that became this account's enrolments are the person's too."""
    for email in Nomination.objects.filter(enrolments__user_id__in=person.user_ids).values_list("email", flat=True):
        person.add_email(email)


def search(query):
    matches = Nomination.objects.filter(
        Q(folded_name__contains=fold_name(query)) | Q(email__icontains=query) | Q(phone__icontains=query)
    ).exclude(full_name=ERASED_NAME).order_by("-created_at")[:50]
    return [
        Candidate(name=n.full_name, email=n.email, phone=n.phone, sources={str(KINDS["training.nomination"])})
        for n in matches
    ]


def find(person, found):
    nominations = list(
        Nomination.objects.filter(
            Q(email__in=person.emails) | Q(phone__in=person.phones) | Q(enrolments__user_id__in=person.user_ids)
        )
        .distinct()
        .select_related("round", "agency", "decision")
        .prefetch_related("sectors", "criteria_met")
        .order_by("created_at", "pk")
    )
    enrolments = list(
        Enrolment.objects.filter(Q(nomination__in=nominations) | Q(user_id__in=person.user_ids))
        .select_related("cohort__course", "nomination", "user")
        .order_by("enrolled_at", "pk")
    )
    profiles = list(
        TrainerProfile.objects.filter(Q(user_id__in=person.user_ids) | Q(enrolment__in=enrolments))
        .distinct()
        .select_related("user", "unit")
        .prefetch_related("sectors")
    )
    return {
        "training.nomination": nominations,
        "training.status_change": NominationStatusChange.objects.filter(nomination__in=nominations)
        .select_related("actor", "decision", "nomination")
        .order_by("at", "pk"),
        "training.review": Review.objects.filter(nomination__in=nominations)
        .select_related("reviewer", "nomination")
        .order_by("updated_at", "pk"),
        "training.review_written": Review.objects.filter(reviewer_id__in=person.user_ids)
        .select_related("nomination__round")
        .order_by("updated_at", "pk"),
        "training.recusal": Recusal.objects.filter(reviewer_id__in=person.user_ids)
        .select_related("nomination")
        .order_by("at", "pk"),
        "training.duplicate_alert": DuplicateAlert.objects.filter(
            Q(nomination__in=nominations) | Q(email__in=person.emails)
        ).select_related("agency", "nomination"),
        "training.enrolment": enrolments,
        "training.attendance": Attendance.objects.filter(enrolment__in=enrolments)
        .select_related("session", "enrolment__nomination", "enrolment__cohort")
        .order_by("session__date", "pk"),
        "training.trainer_profile": profiles,
        "training.practicum": PracticumDelivery.objects.filter(trainer__in=profiles).select_related("club", "trainer"),
        # Certificates another app issued carry its `reference`: that app's provider lists them.
        "training.certificate": Certificate.objects.filter(
            Q(holder_id__in=person.user_ids, reference="") | Q(enrolment__in=enrolments)
        )
        .select_related("enrolment")
        .order_by("issued_at", "pk"),
        "training.renewal_request": RenewalRequest.objects.filter(profile__in=profiles)
        .select_related("profile")
        .order_by("requested_at", "pk"),
    }


EXPORT_FIELDS = {
    "training.nomination": [
        "round", "agency", "full_name", "gender", "date_of_birth", "position", "workplace", "phone", "email",
        "is_entrepreneur", "sectors", "experience", "motivation", "criteria_met", "status", "submitted_at",
        "decision", "decision_reason", "consent_at", "created_at", "updated_at",
    ],
    "training.status_change": ["nomination", "at", "from_status", "to_status", "reason", "decision", "actor"],
    "training.review": ["reviewer", "total", "excluded", "comment", "updated_at"],
    "training.review_written": ["total", "excluded", "comment", "updated_at"],
    "training.recusal": ["reason", "at"],
    "training.duplicate_alert": ["nomination", "agency", "full_name", "email", "at"],
    "training.enrolment": ["cohort", "status", "assessment_score", "passed", "completed_at", "enrolled_at"],
    "training.attendance": ["session", "status", "recorded_at"],
    "training.trainer_profile": [
        "display_name", "status", "sectors", "unit", "workplace", "public_email", "public_phone", "bio",
        "show_on_register", "show_workplace", "show_email", "show_phone", "register_consent_at", "certified_on",
        "expires_on", "renewed_on",
    ],
    "training.practicum": ["date", "club", "topic", "role", "participants", "notes", "confirmed_at"],
    "training.certificate": [
        "kind", "serial", "code", "holder_name", "title", "issued_on", "expires_on", "revoked_at", "revoked_reason",
        "superseded_at",
    ],
    "training.renewal_request": [
        "profile", "status", "note", "expires_on_at_request", "requested_at", "decided_at", "reason",
    ],
}


def export(kind, obj):
    extra = {}
    if kind == "training.nomination":
        # Internal notes are the Board's, about the candidate: part of what is held about them.
        extra = {
            _("Ghi chú nội bộ"): obj.internal_notes,
            _("Nội dung thông báo đã đồng ý"): notices.text_of(obj.consent_notice),
        }
    elif kind == "training.trainer_profile":
        extra = {_("Nội dung thông báo công khai"): str(notices.TRAINER_REGISTER.text)}
    elif kind == "training.certificate":
        extra = {_("Dữ liệu in trên giấy chứng nhận"): obj.data}
    elif kind == "training.review":
        extra = {_("Hồ sơ đề cử"): str(obj.nomination)}  # the field has no Vietnamese verbose name
    elif kind == "training.review_written":
        extra = {_("Hồ sơ đề cử"): str(obj.nomination), _("Đợt tuyển chọn"): str(obj.nomination.round)}
    elif kind == "training.recusal":
        extra = {_("Hồ sơ đề cử"): str(obj.nomination)}
    return record(obj, EXPORT_FIELDS[kind], extra)


def erase(kind, objects):
    pks = [obj.pk for obj in objects]
    if kind == "training.nomination":
        # update() per row: save() would recompute folded_name, which must stay unique per (round, birth date).
        for nomination in objects:
            Nomination.objects.filter(pk=nomination.pk).update(
                full_name=ERASED_NAME, folded_name=f"da xoa {nomination.pk}", date_of_birth=ERASED_BIRTH_DATE,
                position="", workplace="", phone="", email=erased_email("de-cu", nomination.pk), experience="",
                motivation="", internal_notes="", decision_reason="", pending_reason="",
            )
    elif kind == "training.status_change":
        NominationStatusChange.objects.filter(pk__in=pks).update(reason="")
    elif kind == "training.review":
        Review.objects.filter(pk__in=pks).update(comment="")
    elif kind == "training.recusal":
        # The row stays, so the candidate is still not theirs to score; the reason may tell of their private life.
        Recusal.objects.filter(pk__in=pks).update(reason=ERASED_NAME)
    elif kind == "training.duplicate_alert":
        DuplicateAlert.objects.filter(pk__in=pks).update(full_name=ERASED_NAME, email="")
    elif kind == "training.trainer_profile":
        TrainerProfile.objects.filter(pk__in=pks).update(
            display_name=ERASED_NAME, workplace="", public_email="", public_phone="", bio="",
            show_on_register=False, show_workplace=False, show_email=False, show_phone=False,
        )
    elif kind == "training.practicum":
        PracticumDelivery.objects.filter(pk__in=pks).update(notes="")
    elif kind == "training.certificate":
        certificate_services.withhold_holder(objects, ERASED_NAME)
    elif kind == "training.renewal_request":
        RenewalRequest.objects.filter(pk__in=pks).update(note="", reason="")
    # enrolments and attendance hold no personal field: they stay as they are, for the statistics; the reviews the
    # person wrote stay too (module docstring)
