from django import forms
from django.utils.translation import gettext_lazy as _

from portal.models import AdministrativeUnit

from .models import ClubKind, ClubPage


class ClubFilterForm(forms.Form):
    """Directory filters. Unknown values are a form error shown to the visitor, never a 500."""

    kind = forms.ModelChoiceField(
        ClubKind.objects.all(),
        to_field_name="slug",
        required=False,
        label=_("Loại câu lạc bộ"),
        empty_label=_("Tất cả"),
    )
    unit = forms.ModelChoiceField(
        AdministrativeUnit.objects.filter(clubs__in=ClubPage.objects.live().public().values("pk")).distinct(),
        to_field_name="slug",
        required=False,
        label=_("Đơn vị hành chính"),
        empty_label=_("Tất cả"),
    )

    def choices(self):
        """(bound field, [(slug, name)]) per filter, for a template that renders the options itself."""
        return [
            (self[name], list(self.fields[name].queryset.values_list("slug", "name")))
            for name in ("kind", "unit")
        ]

    def filter(self, clubs):
        if kind := self.cleaned_data.get("kind"):
            clubs = clubs.filter(kind=kind)
        if unit := self.cleaned_data.get("unit"):
            clubs = clubs.filter(unit=unit)
        return clubs
