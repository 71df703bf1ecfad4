"""Deleting a record that others still depend on is refused with a message, never a 500 and never a cascade.

Wagtail's delete views consult its reference index, which does not know every foreign key (users' agency,
nominations...). The database knows: `on_delete=PROTECT` raises ProtectedError, which we turn into a message.
"""

from django.contrib import messages
from django.db import transaction
from django.db.models import ProtectedError
from django.http import HttpResponseRedirect
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from wagtail.snippets.views.snippets import DeleteView as SnippetDeleteView


def protected_summary(error):
    counts = {}
    for obj in error.protected_objects:
        label = capfirst(obj._meta.verbose_name_plural)
        counts[label] = counts.get(label, 0) + 1
    return ", ".join(f"{label} ({count})" for label, count in sorted(counts.items()))


class RefuseProtectedDeleteMixin:
    def form_valid(self, form):
        try:
            with transaction.atomic():
                return super().form_valid(form)
        except ProtectedError as error:
            messages.error(
                self.request,
                _("Không thể xóa “%(object)s” vì vẫn còn dữ liệu đang dùng nó: %(used_by)s.")
                % {"object": self.object, "used_by": protected_summary(error)},
            )
            return HttpResponseRedirect(self.request.path)


class RefuseProtectedSnippetDeleteView(RefuseProtectedDeleteMixin, SnippetDeleteView):
    pass
