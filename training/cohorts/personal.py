"""The cohorts' parts of the personal area (/ca-nhan/, composed by portal.web.personal): one's cohorts, and for a
source trainer the profile, the practicum log and the register consent. Nothing for someone never enrolled."""

from portal.pages.sections import Section
from training.cohorts.enums import EnrolmentStatus
from training.cohorts.models import Enrolment
from training.cohorts.rules import trainer_profile


def overview(request):
    sections = []
    enrolments = list(
        Enrolment.objects.filter(user=request.user).exclude(status=EnrolmentStatus.WITHDRAWN)
        .select_related("cohort__course").order_by("-cohort__start_date")
    )
    if enrolments:
        sections.append(Section("training/cohorts/personal/cohorts.html", {"enrolments": enrolments}))
    if profile := trainer_profile(request.user):
        sections.append(Section("training/cohorts/personal/trainer.html", {"profile": profile}))
    return sections


def roles(request):
    """Club editors and the Board confirm the practicum trainers log at clubs (a page of /tot/)."""
    from training.cohorts.views import deliveries_to_confirm

    if not request.user.has_perm("wagtailadmin.access_admin"):
        return []
    pending = deliveries_to_confirm(request.user).count()
    return [Section("training/cohorts/personal/confirmations.html", {"pending": pending})]
