"""The base form of every page in the admin.

Wagtail 8's autosave creates the page as soon as the editor pauses on the create form (a JSON POST to the create
view), then moves the browser to the edit view. When the editor's next submit still goes to the create view (the
move had not happened, the tab was reloaded or went back), Wagtail refuses it: the slug is "already in use" by the
draft autosave made of this very page. A clash with the editor's own never-published draft, created in the last
hour, is not a clash with anyone's page: the new page takes the next free slug instead of blocking the editor.
Any other clash keeps Wagtail's refusal (in Vietnamese from locale/vi), naming the page that holds the slug.
Every page model names this form through portal.pages.visibility.ViewRestrictionsInOneQueryMixin.
"""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.models import Page

OWN_DRAFT_WINDOW = timedelta(hours=1)


class PortalPageForm(WagtailAdminPageForm):
    def clean(self):
        slug = self.cleaned_data.get("slug")  # before Wagtail's clean, which drops it on a clash
        cleaned = super().clean()
        if not slug or "slug" not in self.errors or self.parent_page is None:
            return cleaned
        holder = self.parent_page.get_children().filter(slug=slug).exclude(pk=self.instance.pk).first()
        if holder is None:
            return cleaned
        if self._is_own_autosaved_draft(holder):
            del self.errors["slug"]
            cleaned["slug"] = _free_slug(self.parent_page, slug, self.instance)
        else:
            self.errors["slug"] = self.error_class(
                [
                    _("Đường dẫn “%(slug)s” đã được trang “%(title)s” trong cùng mục dùng. Hãy chọn đường dẫn khác.")
                    % {"slug": slug, "title": holder.title}
                ]
            )
        return cleaned

    def _is_own_autosaved_draft(self, page):
        user = getattr(self, "for_user", None)
        return (
            self.instance.pk is None
            and user is not None
            and page.owner_id == user.pk
            and not page.live
            and page.first_published_at is None
            and page.latest_revision_created_at is not None
            and page.latest_revision_created_at >= timezone.now() - OWN_DRAFT_WINDOW
        )


def _free_slug(parent, slug, instance):
    number = 2
    while not Page._slug_is_available(f"{slug}-{number}", parent, instance):
        number += 1
    return f"{slug}-{number}"[:255]

