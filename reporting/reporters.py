"""Who reports: an agency or a club, behind one small value so that rules, services and screens treat both alike."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Reporter:
    agency: object = None
    club: object = None

    def __post_init__(self):
        if (self.agency is None) == (self.club is None):
            raise ValueError("a reporter is one agency or one club")

    @property
    def key(self):
        return f"agency-{self.agency.pk}" if self.agency else f"club-{self.club.pk}"

    @property
    def name(self):
        return self.agency.name if self.agency else self.club.title

    @property
    def unit(self):
        """The administrative unit the reporter belongs to (the district, for the Board's totals)."""
        return self.agency.unit if self.agency else self.club.unit

    @property
    def kind(self):
        return self.agency.kind if self.agency else self.club.kind

    @property
    def kind_label(self):
        return _("Cơ quan") if self.agency else _("Câu lạc bộ")

    def lookup(self):
        """The filter a Report (or an extension) of this reporter matches."""
        return {"agency": self.agency, "club": None} if self.agency else {"club": self.club, "agency": None}

    def __str__(self):
        return self.name
