"""The reports' part of the personal area (/ca-nhan/): the way to /bao-cao/ for whoever reports for an agency or
a club."""

from portal.pages.sections import Section
from reporting.rules import reporters_of


def roles(request):
    reporters = reporters_of(request.user)
    if not reporters:
        return []
    return [Section("reporting/personal/reporter.html", {"reporters": reporters})]
