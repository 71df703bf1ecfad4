"""Issuing, revoking, re-issuing and verifying certificates; their PDFs and the cohort ZIP built in the background.

Serial numbers come from SerialCounter rows locked with SELECT ... FOR UPDATE inside the issuing transaction
(training.certificates.serials), so two Board members issuing at once get consecutive numbers, and a failed issue
rolls its number back (no gap).
Codes are 24 characters drawn by `secrets` from 31 unambiguous letters and digits (about 119 bits): guessing
one is not feasible, and the verification page is rate-limited besides.
"""

import io
import secrets
import zipfile
from dataclasses import asdict, astuple, dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from portal.addresses import base_url
from portal.models import PortalSettings
from portal.ordering import vi
from training.certificates import assets, designs, pdf, signed_files, signing
from training.certificates.enums import BundleStatus, CertificateKind, RenewalStatus
from training.certificates.models import Certificate, CertificateBundle, CertificateSettings, RenewalRequest
from training.certificates.serials import next_serial, reserve_serials
from training.cohorts.enums import EnrolmentStatus, TrainerStatus
from training.cohorts.models import Enrolment
from training.cohorts.services import CohortError, check_board

CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 24

VALID, REVOKED, SUPERSEDED, EXPIRED, UNKNOWN = "valid", "revoked", "superseded", "expired", "unknown"
DEFAULT_SERIAL_FORMAT = getattr(settings, "TRAINING_DEFAULT_SERIAL_FORMAT", "GCN-{year}-{number:04d}")


def new_code():
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text):
    """What a person typed or scanned: spaces, dashes and case do not matter."""
    return "".join(ch for ch in str(text or "").upper() if ch.isalnum())[: CODE_LENGTH * 2]


def verify_url(code):
    """The canonical verification address a certificate's QR code and printed line carry: BASE_URL's (or
    TRAINING_VERIFY_BASE_URL when the verification page lives elsewhere), never the request's host."""
    base = getattr(settings, "TRAINING_VERIFY_BASE_URL", None) or base_url()
    return base.rstrip("/") + reverse("training:verify_code", args=[code])


def board_settings():
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).first()
    return PortalSettings.for_site(site), CertificateSettings.for_site(site)


@dataclass(frozen=True)
class Issuer:
    """Another body issuing a certificate through the Board's machinery (a district organising a competition): its
    name is printed where the Board's is (blank: the Board's), its signatory where the Board's is (blank: the
    template's or the Board's settings, as without an Issuer). The portal still signs the PDF and the credential
    with the Board's keys; the snapshot keeps the override and the Board's name at issue ("issuer")."""

    name: str = ""
    signatory_name: str = ""
    signatory_title: str = ""

    @classmethod
    def from_snapshot(cls, data):
        """The override a certificate was issued with (None: none), so a re-issue keeps its issuer."""
        frozen = data.get("issuer") or {}
        values = {key: frozen.get(key) or "" for key in ("name", "signatory_name", "signatory_title")}
        return cls(**values) if any(values.values()) else None


def build_certificate(
    *,
    kind,
    holder_name,
    title,
    serial,
    actor,
    settings_pair,
    holder=None,
    enrolment=None,
    reference="",
    issued_on,
    decision_number="",
    start_date=None,
    end_date=None,
    expires_on=None,
    sectors="",
    hours=None,
    replaces=None,
    layout=None,
    issuer=None,
):
    """An unsaved certificate with its new code and the frozen snapshot its PDF is drawn from: the data, and the
    template version it is drawn with (`layout`, designs.layout_for; None: the built-in page). `issuer` (an
    Issuer): another body's name and signatory in place of the Board's."""
    portal_settings, cert_settings = settings_pair
    layout = layout or {}
    issuer = Issuer(*(pdf.nfc(value) for value in astuple(issuer))) if issuer else Issuer()
    if issuer.signatory_name and layout.get("signature"):
        # The template's signature image is the Board's signatory's: never under another person's name.
        layout = {**layout, "signature": None}
    code = new_code()
    data = pdf.CertificateData(
        holder_name=holder_name,
        course_title=title,
        kind=kind,
        serial=serial,
        code=code,
        issued_on=issued_on,
        verify_url=verify_url(code),
        board_name=issuer.name or portal_settings.board_name,
        signatory_name=issuer.signatory_name or layout.get("signatory_name") or cert_settings.signatory_name,
        signatory_title=issuer.signatory_title or layout.get("signatory_title") or cert_settings.signatory_title,
        place=cert_settings.place,
        decision_number=decision_number,
        start_date=start_date,
        end_date=end_date,
        expires_on=expires_on,
        sectors=sectors,
        hours=hours,
    )
    snapshot = data.to_json()
    if layout:
        snapshot["layout"] = layout
    if issuer != Issuer():
        # What was overridden, and the Board whose portal vouched for it then (credentials name both).
        snapshot["issuer"] = {**asdict(issuer), "board_name": portal_settings.board_name}
    return Certificate(
        kind=kind,
        holder_name=pdf.nfc(holder_name)[:120],
        title=pdf.nfc(title)[:255],
        holder=holder,
        enrolment=enrolment,
        reference=reference,
        serial=serial,
        code=code,
        issued_on=issued_on,
        issued_by=actor if actor and actor.pk else None,
        expires_on=expires_on,
        replaces=replaces,
        data=snapshot,
    )


RESOLVE = object()


def issue_certificate(*, serial_format, issued_on=None, settings_pair=None, layout=RESOLVE, **fields):
    """Issue one certificate of any kind (the events app calls this too, with `reference` and its own format).

    `fields` are build_certificate's: kind, holder_name, title, actor, holder, enrolment, reference,
    decision_number, start_date, end_date, expires_on, sectors, hours, replaces, issuer. `layout`: the template
    version (designs.layout_for), looked up here unless the caller, issuing many, looked it up once. Runs in the
    caller's transaction.
    """
    issued_on = issued_on or timezone.localdate()
    settings_pair = settings_pair or board_settings()
    if layout is RESOLVE:
        enrolment = fields.get("enrolment")
        course = enrolment.cohort.course if enrolment is not None else None
        layout = designs.layout_for(fields["kind"], course, settings_pair[1])
    with transaction.atomic():
        serial = next_serial(serial_format, issued_on.year)
        certificate = build_certificate(
            serial=serial, issued_on=issued_on, settings_pair=settings_pair, layout=layout, **fields
        )
        certificate.data["serial_format"] = serial_format  # a re-issue continues the same series
        certificate.save()
        store_on_commit([certificate])
    return certificate


def planned_hours(cohort):
    """The hours of the cohort's planned (not cancelled) sessions: one query, or none when prefetched."""
    minutes = sum(
        (s.ends_at.hour * 60 + s.ends_at.minute) - (s.starts_at.hour * 60 + s.starts_at.minute)
        for s in cohort.planned_sessions()
    )
    return round(minutes / 60, 1) or None


def enrolment_fields(enrolment, kind, actor, issued_on, decision, hours=RESOLVE):
    """What a cohort certificate of `kind` says about this enrolment, and its serial format. `hours`: the cohort's
    (planned_hours), passed by a caller issuing a whole cohort."""
    cohort, course = enrolment.cohort, enrolment.cohort.course
    profile = getattr(enrolment.user, "trainer_profile", None) if enrolment.user_id else None
    fields = {
        "kind": kind,
        "holder_name": enrolment.nomination.full_name,
        "title": course.title,
        "actor": actor,
        "holder": enrolment.user,
        "enrolment": enrolment,
        "issued_on": issued_on,
        "decision_number": decision.number if decision else "",
        "start_date": cohort.start_date,
        "end_date": cohort.end_date,
        "hours": planned_hours(cohort) if hours is RESOLVE else hours,
    }
    if kind == CertificateKind.CERTIFICATION:
        fields["expires_on"] = profile.expires_on if profile else None
        fields["sectors"] = ", ".join(sorted(tag.name for tag in profile.sectors.all())) if profile else ""
        return fields, course.certification_serial_format
    return fields, course.serial_format


def eligible_enrolments(cohort, kind, now=None):
    """Enrolments that may receive a certificate of `kind` and hold no valid one yet: completed trainees, and only
    once the cohort's last planned session is over (training.cohorts.services.issue_readiness says why not)."""
    last_end = cohort.last_end()
    if last_end is None or last_end > (now or timezone.now()):
        return Enrolment.objects.none()
    enrolments = Enrolment.objects.filter(cohort=cohort, status=EnrolmentStatus.COMPLETED)
    if kind == CertificateKind.CERTIFICATION:
        enrolments = enrolments.filter(user__trainer_profile__status=TrainerStatus.CERTIFIED)
    return (
        enrolments.exclude(
            certificates__kind=kind, certificates__revoked_at__isnull=True, certificates__superseded_at__isnull=True
        )
        .select_related("nomination", "user__trainer_profile", "cohort__course")
        .prefetch_related("user__trainer_profile__sectors")
        .order_by(vi("nomination__full_name"), "pk")
    )


def issue_for_cohort(cohort, kind, actor, issued_on=None, decision=None, dry_run=False):
    """Issue `kind` certificates to every eligible trainee of the cohort, in one transaction, in name order.

    Idempotent and safe to run twice at once: the eligible enrolments are locked, then asked again (a fresh
    statement sees what a parallel run committed while we waited for the lock), so nobody gets a second one.
    `dry_run` returns the enrolments that would receive one, and changes nothing."""
    check_board(actor)
    return issue_eligible(cohort, kind, actor, issued_on=issued_on, decision=decision, dry_run=dry_run)


def issue_eligible(cohort, kind, actor, issued_on=None, decision=None, dry_run=False):
    """issue_for_cohort without the actor check: for issue_cohort_certificates, run by the operator at the shell
    (actor None, or the Board member named with --by)."""
    if kind not in (CertificateKind.COMPLETION, CertificateKind.CERTIFICATION):
        raise CohortError(_("Loại giấy chứng nhận không hợp lệ cho lớp đào tạo."))
    last_end = cohort.last_end()
    if last_end is None or last_end > timezone.now():
        raise CohortError(
            _("Chưa cấp được: buổi học cuối của lớp chưa kết thúc (%(when)s). Không có gì được cấp.")
            % {"when": f"{timezone.localtime(last_end):%d/%m/%Y %H:%M}" if last_end else "—"}
        )
    issued_on = issued_on or timezone.localdate()
    decision = decision or cohort.decision
    if dry_run:
        return list(eligible_enrolments(cohort, kind))
    settings_pair = board_settings()
    try:
        with transaction.atomic():
            locked = list(eligible_enrolments(cohort, kind).select_for_update(of=("self",)))
            already = set(
                Certificate.objects.valid()
                .filter(enrolment__in=locked, kind=kind)
                .values_list("enrolment_id", flat=True)
            )
            enrolments = [e for e in locked if e.pk not in already]
            if not enrolments:
                return []
            # The cohort's hours and the template version: once for the whole cohort, not per certificate.
            hours = planned_hours(cohort)
            layout = designs.layout_for(kind, cohort.course, settings_pair[1])
            prepared = [enrolment_fields(e, kind, actor, issued_on, decision, hours) for e in enrolments]
            serials = reserve_serials(prepared[0][1], issued_on.year, len(prepared))
            issued = Certificate.objects.bulk_create(
                build_certificate(serial=serial, settings_pair=settings_pair, layout=layout, **fields)
                for serial, (fields, _format) in zip(serials, prepared, strict=True)
            )
            store_on_commit(issued)
            return issued
    except IntegrityError as error:
        raise CohortError(_("Giấy chứng nhận vừa được cấp bởi người khác; hãy tải lại trang.")) from error


@transaction.atomic
def revoke(certificate, actor, reason, close_renewals=True):
    """Revoke with a reason. A revoked certification also closes its holder's pending renewal request
    (close_pending_renewals), except inside reissue, where a new certificate takes its place at once."""
    check_board(actor)
    reason = (reason or "").strip()
    if not reason:
        raise CohortError(_("Cần ghi lý do thu hồi."), field="reason")
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.revoked_at:
        raise CohortError(_("Giấy chứng nhận này đã bị thu hồi."))
    certificate.revoked_at, certificate.revoked_reason, certificate.revoked_by = timezone.now(), reason, actor
    certificate.save(update_fields=["revoked_at", "revoked_reason", "revoked_by"])
    if close_renewals and certificate.kind == CertificateKind.CERTIFICATION and certificate.holder_id:
        close_pending_renewals(certificate, actor)
    # The stored copy is the unstamped one: once revoked only stamped copies are handed out.
    transaction.on_commit(lambda code=certificate.code: signed_files.discard(code))
    return certificate


def close_pending_renewals(certificate, actor):
    """A revoked certification takes the holder's pending renewal request with it: refused, with the revocation
    as the reason the trainer reads, so that approving it later cannot hand out a new certificate."""
    reason = _("Giấy chứng nhận %(serial)s đã bị thu hồi (%(reason)s): đề nghị gia hạn được đóng.") % {
        "serial": certificate.serial, "reason": certificate.revoked_reason,
    }
    RenewalRequest.objects.filter(profile__user_id=certificate.holder_id, status=RenewalStatus.PENDING).update(
        status=RenewalStatus.REFUSED, decided_at=certificate.revoked_at, decided_by=actor, reason=reason[:2000]
    )


def reissue(certificate, actor, reason="", issued_on=None):
    """Revoke (if still valid) and issue a new certificate with a new serial and code, from current data."""
    check_board(actor)
    with transaction.atomic():
        if certificate.revoked_at is None:
            certificate = revoke(certificate, actor, reason or _("Cấp lại"), close_renewals=False)
        if certificate.enrolment_id is None:
            old = certificate.snapshot()
            new = issue_certificate(
                kind=certificate.kind,
                holder_name=certificate.holder_name,
                title=certificate.title,
                serial_format=certificate.data.get("serial_format") or DEFAULT_SERIAL_FORMAT,
                actor=actor,
                holder=certificate.holder,
                reference=certificate.reference,
                issued_on=issued_on,
                decision_number=old.decision_number,
                start_date=old.start_date,
                end_date=old.end_date,
                expires_on=certificate.expires_on,
                sectors=old.sectors,
                hours=old.hours,
                replaces=certificate,
                issuer=Issuer.from_snapshot(certificate.data),
            )
            if old.extra_lines:  # what the issuing app added (an award's idea, an event's place): kept, not lost
                new.data["extra_lines"] = list(old.extra_lines)
                new.save(update_fields=["data"])
        else:
            enrolment = Enrolment.objects.select_related(
                "nomination", "cohort__course", "cohort__decision", "user"
            ).get(pk=certificate.enrolment_id)
            fields, serial_format = enrolment_fields(
                enrolment, certificate.kind, actor, issued_on or timezone.localdate(), enrolment.cohort.decision
            )
            new = issue_certificate(serial_format=serial_format, replaces=certificate, **fields)
        if certificate.holder_withheld:  # the holder was erased on request: the new one is nameless too
            withhold_holder([new], certificate.holder_name)
            new.refresh_from_db()
        return new


# What an unknown code is looked up as: the same query, the same work, for a code of any length.
NO_SUCH_CODE = "-" * CODE_LENGTH


def verify(code, today=None):
    """(state, certificate or None) for a typed or scanned code.

    Every code costs one indexed query, whatever its length or existence (a malformed one is looked up as a
    code no certificate can carry), so an unknown answer takes the same work as a known one."""
    code = normalise_code(code)
    lookup = code if len(code) == CODE_LENGTH else NO_SUCH_CODE
    certificate = Certificate.objects.filter(code=lookup).select_related("replaces").first()
    if certificate is None:
        return UNKNOWN, None
    if certificate.revoked_at:
        return REVOKED, certificate
    if certificate.superseded_at:
        return SUPERSEDED, certificate
    if certificate.is_expired(today):
        return EXPIRED, certificate
    return VALID, certificate


HOLDER_WITHHELD = "Thông tin người được cấp đã được ẩn theo yêu cầu"


def withhold_holder(certificates, erased_name):
    """Erase the holder on request (portal.personal_data): each certificate stays valid and verifiable, as
    "issued, holder withheld", and its snapshot loses the name too, so the PDF drawn from it no longer prints it.
    ZIP bundles of the cohorts concerned are deleted (their PDFs carry the name)."""
    cohorts = set()
    for certificate in certificates:
        data = {**certificate.data, "holder_name": HOLDER_WITHHELD, "holder_withheld": True}
        Certificate.objects.filter(pk=certificate.pk).update(holder_name=erased_name, data=data)
        signed_files.discard(certificate.code)  # it prints the name; drawn again, nameless, when next asked for
        if certificate.enrolment_id:
            cohorts.add(certificate.enrolment.cohort_id)
    for bundle in CertificateBundle.objects.filter(cohort_id__in=cohorts).exclude(file=""):
        bundle.file.delete(save=False)
        CertificateBundle.objects.filter(pk=bundle.pk).update(file="")


def readdress_certificates(dry_run=False):
    """Certificates (ToT and events' attendance ones alike) whose frozen verification address is not the canonical
    one (issued under a development port, localhost, an old domain) get it in their snapshot, so their PDF, drawn
    from the snapshot, prints and encodes the right address; nothing else of the snapshot changes. The cohorts'
    ZIP bundles holding such PDFs are emptied (built again on request). Returns how many certificates were (or,
    with dry_run, would be) changed."""
    changed, enrolments = 0, set()
    for certificate in Certificate.objects.only("pk", "code", "data", "enrolment_id").iterator(chunk_size=500):
        right = verify_url(certificate.code)
        if certificate.data.get("verify_url") == right:
            continue
        changed += 1
        enrolments.add(certificate.enrolment_id)
        if not dry_run:
            with transaction.atomic():
                locked = Certificate.objects.select_for_update().only("data").get(pk=certificate.pk)
                Certificate.objects.filter(pk=certificate.pk).update(data={**locked.data, "verify_url": right})
    if not dry_run:
        cohorts = Enrolment.objects.filter(pk__in=enrolments - {None}).values("cohort_id")
        for bundle in CertificateBundle.objects.filter(cohort_id__in=cohorts).exclude(file=""):
            bundle.file.delete(save=False)
            CertificateBundle.objects.filter(pk=bundle.pk).update(file="")
    return changed


def certificate_pdf(certificate):
    """(bytes, filename): the certificate's signed PDF. Drawn from the snapshot taken at issue time and signed by
    the Board at the issue time (training.certificates.signing), so it is the same every time; stored on issue
    (store_signed_pdfs) and served from the stored file. A revoked certificate (only the Board may download it) is
    stamped over before signing (a red diagonal watermark and "ĐÃ THU HỒI ngày dd/mm/yyyy: <reason>"), signed at
    the revocation time, and not stored."""
    data = certificate.snapshot()
    if certificate.revoked_at:
        revoked = pdf.Revocation(on=timezone.localdate(certificate.revoked_at), reason=certificate.revoked_reason)
        body = signing.sign_pdf(render(certificate, revoked=revoked), certificate.revoked_at)
        return body, data.filename
    return signed_files.stored(certificate, lambda: signed_body(certificate)), data.filename


def render(certificate, revoked=None, cache=None):
    """The unsigned PDF of `certificate`, drawn with the template version it was issued with (its snapshot's
    "layout", images read from the private storage; `cache` shares them across a batch)."""
    layout = certificate.data.get("layout")
    images = assets.load(layout, cache) if layout else None
    return pdf.render_certificate(certificate.snapshot(), revoked=revoked, layout=layout, assets=images)


def signed_body(certificate, cache=None):
    """The signed PDF of a valid certificate, freshly drawn (what signed_files stores)."""
    return signing.sign_pdf(render(certificate, cache=cache), certificate.issued_at)


@task()
def store_signed_pdfs(certificate_ids):
    """Draw, sign and store the PDFs of newly issued certificates (enqueued when their issue commits)."""
    stored, cache = 0, {}
    for certificate in Certificate.objects.filter(pk__in=certificate_ids, revoked_at__isnull=True).only(
        "data", "code", "issued_at", "revoked_at"
    ):
        signed_files.stored(certificate, lambda c=certificate: signed_body(c, cache))
        stored += 1
    return stored


def store_on_commit(certificates):
    ids = [certificate.pk for certificate in certificates]
    if ids:
        transaction.on_commit(lambda: store_signed_pdfs.enqueue(ids))


# --- the cohort's ZIP, built in the background --------------------------------------------------------


@transaction.atomic
def request_bundle(cohort, actor):
    check_board(actor)
    total = Certificate.objects.valid().filter(enrolment__cohort=cohort).count()
    if not total:
        raise CohortError(_("Lớp chưa có giấy chứng nhận nào còn hiệu lực."))
    bundle = CertificateBundle.objects.create(cohort=cohort, requested_by=actor, total=total)
    transaction.on_commit(lambda: build_bundle.enqueue(bundle.pk))
    return bundle


PROGRESS_EVERY = 25


@task()
def build_bundle(bundle_id):
    """Render every valid certificate of the cohort into one ZIP, saving progress every few files."""
    bundle = CertificateBundle.objects.get(pk=bundle_id)
    CertificateBundle.objects.filter(pk=bundle_id).update(status=BundleStatus.RUNNING)
    try:
        certificates = Certificate.objects.valid().filter(enrolment__cohort_id=bundle.cohort_id)
        buffer = io.BytesIO()
        done = 0
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
            fields = ("data", "serial", "code", "issued_at", "revoked_at", "revoked_reason")
            for certificate in certificates.order_by("serial").only(*fields).iterator(chunk_size=200):
                body, filename = certificate_pdf(certificate)
                info = zipfile.ZipInfo(filename, date_time=(2000, 1, 1, 0, 0, 0))
                archive.writestr(info, body)
                done += 1
                if done % PROGRESS_EVERY == 0:
                    CertificateBundle.objects.filter(pk=bundle_id).update(done=done)
        bundle.file.save(f"{bundle_id}.zip", ContentFile(buffer.getvalue()), save=False)
        CertificateBundle.objects.filter(pk=bundle_id).update(
            status=BundleStatus.DONE, done=done, total=done, file=bundle.file.name, finished_at=timezone.now()
        )
    except Exception as error:
        CertificateBundle.objects.filter(pk=bundle_id).update(status=BundleStatus.FAILED, error=str(error)[:2000])
        raise
    return done


def bundle_filename(bundle):
    return f"giay-chung-nhan-lop-{bundle.cohort_id}-{timezone.localdate():%Y%m%d}.zip"
