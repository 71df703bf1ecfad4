"""Wagtail listing filters over a set that grows with the data: a text box with suggestions (portal.inputs.suggest)
instead of a select of every record. A name or id that matches nothing is ignored, and the listing's row of active
filters says so, instead of Wagtail dropping every filter (or a 500)."""

import django_filters
from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from portal.inputs.suggest import SOURCES, Chosen, SuggestField


class Ignored(str):
    """The value of a filter ignored because nothing matched what was typed; shown in the active filters."""

    def __new__(cls, typed):
        return super().__new__(cls, _("“%(typed)s” không tìm thấy – bộ lọc này bị bỏ qua") % {"typed": typed[:80]})


class IgnoringSuggestField(SuggestField):
    def clean(self, value):
        try:
            return super().clean(value)
        except forms.ValidationError:
            return Ignored(str(value or "").strip())


class SuggestFilter(django_filters.Filter):
    """A listing filter by one record of the registered suggestion source `source` (portal.inputs.suggest.register):
    the records the filter accepts are the source's scope for the request's user, the same the suggestions show."""

    field_class = IgnoringSuggestField

    def __init__(self, *, source, **kwargs):
        self.source = source
        super().__init__(**kwargs)

    @property
    def field(self):
        if not hasattr(self, "_field"):
            source = SOURCES[self.source]
            request = getattr(self.parent, "request", None)
            queryset = source.scope(request.user) if request is not None else None
            self._field = self.field_class(
                queryset=queryset if queryset is not None else source.model.objects.none(),
                field=source.field,
                options_url=reverse_lazy("portal_suggest", args=[self.source]),
                label=self.label,
                required=False,
            )
        return self._field

    def filter(self, qs, value):
        if not isinstance(value, Chosen):
            return qs  # empty, or Ignored
        qs = qs.filter(**{f"{self.field_name}__in": value.records})
        return qs.distinct() if self.distinct else qs
