"""Award certificates for a competition's winners, through training's certificate machinery (serials, codes,
the frozen snapshot, the PDF and the public verification page), as events' attendance certificates do. A
certificate points at its entry through `reference` ("ideas.competition_entry:<pk>"): no foreign key between the
apps."""

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
    )
    certificate.data["extra_lines"] = [entry.idea.title] + ([entry.category.name] if entry.category_id else [])
    certificate.save(update_fields=["data"])
    return certificate


def for_entries(entries):
    """{entry pk: certificate} of valid award certificates of `entries`, in one query."""
    references = {reference_for(e): e.pk for e in entries}
    found = Certificate.objects.filter(kind=KIND, reference__in=list(references)).valid()
    return {references[c.reference]: c for c in found}
