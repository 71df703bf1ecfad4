"""Yes/no values as words ("Có"/"Không"), never Python's True/False, wherever the admin shows or exports them.

Three places print a model's booleans without asking us: Wagtail's listing cells (the project overrides
templates/wagtailadmin/tables/cell.html and boolean_cell.html), its inspect views (a display class registered here, from
portal.wagtail_hooks) and its CSV/XLSX exports (portal.security.spreadsheets.protect_wagtail_exports)."""

from django.db import models
from django.utils.translation import gettext
from wagtail.admin.ui.fields import BaseFieldDisplay, register_display_class


def yes_no(value):
    """"Có" / "Không"; "—" for an unknown (a null boolean, e.g. a result not yet entered)."""
    if value is None:
        return "—"
    return gettext("Có") if value else gettext("Không")


class YesNoDisplay(BaseFieldDisplay):
    def render_html(self, parent_context=None):
        return yes_no(self.value)


def register():
    register_display_class(models.BooleanField, display_class=YesNoDisplay)
