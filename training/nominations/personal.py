"""The nominations' part of the personal area (/ca-nhan/): an agency nominator's way to the agency's pages, which
stay at /tot/de-cu/."""

from portal.pages.sections import Section
from training.nominations.rules import is_nominator


def roles(request):
    if not is_nominator(request.user):
        return []
    return [Section("training/nominations/personal/nominator.html", {"agency": request.user.agency})]
