"""Award certificates for a competition's winners, through training's certificate machinery (serials, codes,
the frozen snapshot, the PDF and the public verification page), as events' attendance certificates do; a
district-run competition's in the district's name (issuer_for). A certificate points at its entry through
`reference` ("ideas.competition_entry:<pk>"): no foreign key between the apps."""

from django.conf import settings

from training.certificates import services as certificates
from training.certificates.enums import CertificateKind
from training.certificates.models import Certificate

SERIAL_FORMAT = getattr(settings, "IDEAS_AWARD_SERIAL_FORMAT", "GT-{year}-{number:04d}")
REFERENCE_PREFIX = "ideas.competition_entry:"
KIND = CertificateKind.AWARD


def reference_for(entry):
    return f"{REFERENCE_PREFIX}{entry.pk}"


def holder_name(entry):
    idea = entry.idea
    owner = idea.owner
    return (owner.get_full_name() if owner else "") or idea.contact_name or idea.title


def issuer_for(competition):
    """Whose award it is: a district-run competition's certificates name the district (its unit's full name where
    the Board's is) and its signatory; the competition's signatory, when set, signs either kind. None (the Board's,
    as every certificate) for a Board-run competition without one. Read at issue and frozen in the snapshot: a
    later edit of the competition changes no issued certificate."""
    name = competition.organiser.full_name if competition.organiser_id else ""
    issuer = certificates.Issuer(
        name=name, signatory_name=competition.signatory_name, signatory_title=competition.signatory_title
    )
    return issuer if issuer != certificates.Issuer() else None


def issue_award_certificate(entry, actor):
    """One certificate for a winning entry (in the caller's transaction); none twice for the same entry."""
    existing = Certificate.objects.filter(kind=KIND, reference=reference_for(entry)).valid().first()
    if existing:
        return existing
    certificate = certificates.issue_certificate(
        serial_format=SERIAL_FORMAT,
        kind=KIND,
        holder_name=holder_name(entry),
        title=f"{entry.get_award_display()} – {entry.competition.title}",
        actor=actor,
        holder=entry.idea.owner,
        reference=reference_for(entry),
        issuer=issuer_for(entry.competition),
    )
    certificate.data["extra_lines"] = [entry.idea.title] + ([entry.category.name] if entry.category_id else [])
    certificate.save(update_fields=["data"])
    return certificate


def for_entries(entries):
    """{entry pk: certificate} of valid award certificates of `entries`, in one query."""
    references = {reference_for(e): e.pk for e in entries}
    found = Certificate.objects.filter(kind=KIND, reference__in=list(references)).valid()
    return {references[c.reference]: c for c in found}
