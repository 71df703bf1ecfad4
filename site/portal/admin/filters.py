"""Wagtail listing filters over a set that grows with the data: a text box with suggestions (portal.inputs.suggest)
instead of a select of every record. A name or id that matches nothing is ignored, and the listing's row of active
filters says so, instead of Wagtail dropping every filter (or a 500). An export is not taken while a filter is
ignored: the file would hold more than the page said it was filtered to, and a file cannot carry the notice."""

import django_filters
from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from portal.inputs.suggest import SOURCES, Chosen, SuggestField


class Ignored(str):
    """The value of a filter ignored because nothing matched what was typed; shown in the active filters."""

    def __new__(cls, typed):
        ignored = super().__new__(cls, _("“%(typed)s” không tìm thấy – bộ lọc này bị bỏ qua") % {"typed": typed[:80]})
        ignored.typed = typed[:80]
        return ignored


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


def ignored_filters(view):
    """The Ignored values of a Wagtail listing's (or report's) bound filters, in the form's order."""
    filters = getattr(view, "filters", None)
    if filters is None or not filters.is_bound or not filters.form.is_valid():
        return []
    return [value for value in filters.form.cleaned_data.values() if isinstance(value, Ignored)]


def refuse_exports_with_ignored_filters():
    """Every Wagtail export (snippet listings and reports go through SpreadsheetExportMixin.as_spreadsheet) is
    refused, back to the listing with the filters as typed and a message, while one of its filters is ignored.
    Idempotent."""
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    original = SpreadsheetExportMixin.as_spreadsheet
    if getattr(original, "refuses_ignored_filters", False):
        return

    def as_spreadsheet(self, queryset, spreadsheet_format):
        if ignored := ignored_filters(self):
            typed = ", ".join(f"“{value.typed}”" for value in ignored)
            message = _("Chưa xuất tệp: không tìm thấy %(typed)s. Hãy sửa hoặc bỏ bộ lọc đó rồi xuất lại.")
            messages.error(self.request, message % {"typed": typed})
            query = self.request.GET.copy()
            query.pop("export", None)
            return redirect(f"{self.request.path}?{query.urlencode()}" if query else self.request.path)
        return original(self, queryset, spreadsheet_format)

    as_spreadsheet.refuses_ignored_filters = True
    SpreadsheetExportMixin.as_spreadsheet = as_spreadsheet
