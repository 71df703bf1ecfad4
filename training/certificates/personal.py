"""The ToT certificates for the personal area's certificates page (portal.web.personal), beside the events app's
certificates of attendance and the idea bank's award certificates, which have their own sections there."""

from django.utils import timezone

from portal.pages.sections import Section
from training.certificates.enums import CertificateKind
from training.certificates.models import Certificate


def certificates(request):
    items = list(
        Certificate.objects.filter(holder=request.user)
        .exclude(kind__in=[CertificateKind.ATTENDANCE, CertificateKind.AWARD])
        .order_by("-issued_at")
    )
    if not items:
        return []
    context = {"certificates": items, "today": timezone.localdate()}
    return [Section("training/certificates/personal/certificates.html", context, count=len(items))]
