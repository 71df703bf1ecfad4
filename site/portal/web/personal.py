"""The personal area /ca-nhan/: one home for everyone who logs in, composed from the parts each app offers.

Each app owns its pages (registrations in events, cohorts and certificates in training) and says, through a
provider named here by dotted path, what the person has there: a provider returns a list of
portal.pages.sections.Section, empty where the person has nothing and no role that needs it, so no section is a
dead end. The top owns only this overview, the certificates page that puts both kinds together, and the order."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.module_loading import import_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

# What one has: shown as sections of the overview, in this order.
OVERVIEW_PROVIDERS = [
    "events.personal.overview",  # registrations, calendar feed, followed clubs, study tours
    "training.cohorts.personal.overview",  # cohorts, trainer profile and practicum
    "ideas.personal.overview",  # one's ideas and projects in the bank
    "ideas.mentoring.personal.overview",  # one's mentor profile, mentoring requests and sessions
    "ideas.competitions.personal.overview",  # one's competition entries and the competitions one reviews
]
# What one's role lets one do elsewhere (the agency's nominations, the clubs' confirmations): list items.
ROLE_PROVIDERS = [
    "training.nominations.personal.roles",
    "training.cohorts.personal.roles",
    "reporting.personal.roles",  # the agency's and the clubs' periodic reports to the Board
]
# One's certificates, every kind on one page.
CERTIFICATE_PROVIDERS = [
    "training.certificates.personal.certificates",
    "events.personal.certificates",
    "ideas.competitions.personal.certificates",
]


def sections_of(request, providers):
    return [section for dotted_path in providers for section in import_string(dotted_path)(request)]


def rendered(request, sections):
    return [mark_safe(render_to_string(section.template, section.context, request=request)) for section in sections]


@login_required
def overview(request):
    certificates = sum(section.count for section in sections_of(request, CERTIFICATE_PROVIDERS))
    return render(request, "portal/personal/overview.html", {
        "sections": rendered(request, sections_of(request, OVERVIEW_PROVIDERS)),
        "roles": rendered(request, sections_of(request, ROLE_PROVIDERS)),
        "certificate_count": certificates,
        "page_title": _("Trang cá nhân"),
    })


@login_required
def certificates(request):
    return render(request, "portal/personal/certificates.html", {
        "sections": rendered(request, sections_of(request, CERTIFICATE_PROVIDERS)),
        "page_title": _("Giấy chứng nhận của tôi"),
    })
