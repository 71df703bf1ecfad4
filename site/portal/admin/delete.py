"""Deleting a record that others still depend on is refused with a message, never a 500 and never a cascade.

Wagtail's delete views consult its reference index, which does not know every foreign key (users' agency,
nominations, mentoring requests...). The database's rules do: `protected_by` runs Django's deletion collector
(what `delete()` would remove, following the cascades) without deleting anything, and returns the
ProtectedError/RestrictedError a deletion would raise. The views check first, and still turn an error raised by
the deletion itself (a reference added in the meantime) into the same message.

Check and deletion share one transaction, with the records locked first (`locked`): a link or reference written
by someone else meanwhile waits for it (its foreign key check wants the row) and then fails, instead of being
cascaded away unseen between the check and the DELETE, or failing the deletion's commit with a 500. (SQLite's
IMMEDIATE transactions serialise it anyway.)

A many-to-many link is no foreign key of the database's rules: deleting a sector or a district would silently
take it out of every mentor's profile. A model lists the many-to-many fields whose targets it keeps in
`protecting_m2m` (e.g. MentorProfile's `("sectors", "districts")`); `protected_by` reports the records those links
would leave behind as it reports a PROTECT. Fields not listed (Django's groups and permissions) are let go.
"""

from django.contrib import messages
from django.db import router, transaction
from django.db.models import ProtectedError, RestrictedError
from django.db.models.deletion import Collector
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from wagtail.admin.views.pages.bulk_actions.delete import DeleteBulkAction as PageDeleteBulkAction
from wagtail.models import Page
from wagtail.snippets.views.snippets import DeleteView as SnippetDeleteView

REFUSED = (ProtectedError, RestrictedError)


def protected_by(objects):
    """The error deleting `objects` (instances of one model) would raise, or None when nothing stops it."""
    objects = list(objects)
    if not objects:
        return None
    collector = Collector(using=router.db_for_write(type(objects[0])))
    try:
        collector.collect(objects)
    except REFUSED as error:
        return error
    if holders := protecting_m2m_holders(collector.data):
        return ProtectedError("Protecting many-to-many links", holders)
    return None


def locked(objects):
    """Lock the rows of `objects` (one model) until the transaction ends: call inside transaction.atomic()."""
    objects = list(objects)
    if objects:
        model = type(objects[0])
        list(model._base_manager.select_for_update().filter(pk__in=[obj.pk for obj in objects]).values_list("pk"))
    return objects


def protecting_m2m_holders(deleted):
    """The records that would lose a link of a protecting many-to-many field to one of the `deleted` ({model:
    instances}, the collector's, cascades included); a record deleted along with its target loses nothing."""
    deleted_pks = {model: {obj.pk for obj in instances} for model, instances in deleted.items()}
    holders = set()
    for model, pks in deleted_pks.items():
        for relation in model._meta.get_fields(include_hidden=True):
            if not (relation.many_to_many and relation.auto_created and not relation.concrete):
                continue
            field = relation.field  # on the model holding the links
            if field.name not in getattr(field.model, "protecting_m2m", ()):
                continue
            links = field.remote_field.through._base_manager.filter(
                **{f"{field.m2m_reverse_field_name()}__in": pks}
            ).exclude(**{f"{field.m2m_field_name()}__in": deleted_pks.get(field.model, ())})
            holders.update(field.model._base_manager.filter(pk__in=links.values(field.m2m_field_name())))
    return holders


def blocking_objects(error):
    return error.protected_objects if isinstance(error, ProtectedError) else error.restricted_objects


def protected_summary(error):
    counts = {}
    for obj in blocking_objects(error):
        label = capfirst(obj._meta.verbose_name_plural)
        counts[label] = counts.get(label, 0) + 1
    return ", ".join(f"{label} ({count})" for label, count in sorted(counts.items()))


def refusal(objects, error):
    return _("Không thể xóa “%(object)s” vì vẫn còn dữ liệu đang dùng nó: %(used_by)s.") % {
        "object": "”, “".join(str(obj) for obj in objects),
        "used_by": protected_summary(error),
    }


class RefuseRemovingUsedLinesMixin:
    """For a Wagtail admin model form with inline panels: a line ticked for removal that other records still use
    (a round's criterion that nominations ticked or reviews scored) is refused with the delete views' message,
    and nothing is saved; without it, a PROTECT answers 500 and a many-to-many link goes silently."""

    def clean(self):
        cleaned = super().clean()
        for formset in self.formsets.values():
            for form in getattr(formset, "deleted_forms", []):
                if form.instance.pk and (error := protected_by([form.instance])):
                    self.add_error(None, refusal([form.instance], error))
        return cleaned


class RefuseProtectedDeleteMixin:
    """For a Wagtail DeleteView: refuse, with what depends on the object, instead of deleting it."""

    def refusal_message(self, error):
        return refusal([self.object], error)

    def refused_url(self):
        return self.request.path

    def form_valid(self, form):
        try:
            with transaction.atomic():
                error = protected_by(locked([self.object]))
                if error is None:
                    return super().form_valid(form)
        except REFUSED as raised:
            error = raised
        messages.error(self.request, self.refusal_message(error))
        return HttpResponseRedirect(self.refused_url())


class RefuseProtectedSnippetDeleteView(RefuseProtectedDeleteMixin, SnippetDeleteView):
    pass


def refuse_bulk_deleting_protected(request, action_type, objects, action):
    """before_bulk_action: a snippet or model listing's bulk delete (agencies, sectors, certificates...) is refused,
    naming the records still in use, instead of the 500 of a ProtectedError; pages and accounts have their own
    (RefuseProtectedPageBulkDelete, portal.admin.users)."""
    from django.contrib.auth import get_user_model

    if action_type != "delete" or not objects or isinstance(objects[0], (Page, get_user_model())):
        return None
    locked(objects)  # Wagtail runs this hook in the deletion's transaction
    if blocked := [obj for obj in objects if protected_by([obj])]:
        messages.error(request, refusal(blocked, protected_by(blocked)))
        return redirect(action.next_url)
    return None


class RefuseProtectedPageBulkDelete(PageDeleteBulkAction):
    """The explorer's bulk delete. Where Wagtail's reference index knows a PROTECT reference to a selected page it
    answers "no permission"; this says what refers to it instead. (Its confirmation screen already shows the page
    as referenced, without a delete button; pages under the selected ones are the apps' before_bulk_action hooks'.)"""

    def prepare_action(self, objects, objects_without_access):
        if self.is_protected and not objects_without_access["items_with_no_access"]:
            blocked = [page for page in objects if page._usage_references.is_protected]
            if error := protected_by(Page.objects.filter(pk__in=[page.pk for page in blocked])):
                messages.error(self.request, refusal(blocked, error))
                return redirect(self.next_url)
        return super().prepare_action(objects, objects_without_access)
