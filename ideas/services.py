"""Every change of an idea-bank entry, each in one transaction on the locked entry row.

Moderation: a new entry waits (submitted) until the Board or the editors of the club it names publish it or
return it with a reason; the owner edits a returned entry and it waits again; the owner may withdraw it at any
time and send it again later (its pending team invitations are then cancelled, ideas.teams). Every change is
kept as an EntryVersion.

An owner's change of a published entry is kept as a pending version and moderated again; the published version
stays on the showcase meanwhile (a change never takes a published entry off the portal, and nothing unreviewed
is shown). A moderator's own change (the Board, the entry's club's editors) is published at once."""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

from portal.security.uploads import without_metadata

from . import notifications, rules
from .enums import EntryState, VersionStatus
from .image_names import COLLECTION_NAME, random_name
from .models import Entry, EntryVersion, apply, snapshot


class EntryError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _locked(entry):
    return Entry.objects.select_for_update().get(pk=entry.pk)


def _new_version(entry, author, status, data=None):
    number = (entry.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    return EntryVersion.objects.create(
        entry=entry,
        number=number,
        data=data if data is not None else snapshot(entry),
        author=author,
        status=status,
        moderated_by=author if status == VersionStatus.PUBLISHED else None,
        moderated_at=timezone.now() if status == VersionStatus.PUBLISHED else None,
    )


def _supersede_pending(entry):
    entry.versions.filter(status=VersionStatus.PENDING).update(status=VersionStatus.SUPERSEDED)



def bank_collection():
    """The bank's own collection, a child of the root: no club's editors choose from it."""
    root = Collection.get_first_root_node()
    return root.get_children().filter(name=COLLECTION_NAME).first() or root.add_child(name=COLLECTION_NAME)


def _unguessable(upload):
    """The upload under a random name: a waiting entry's image (and its renditions, named after it) is public media
    that only those shown the entry learn the address of, so it must not be found by guessing "anh.jpg"."""
    upload.name = random_name(upload.name)
    return upload


def _store_uploads(user, data, image, document):
    """The uploaded image (re-saved without its EXIF: GPS, device; under a random name) and PDF as Wagtail's own
    image and document, titled after the entry. Documents keep their name: Wagtail serves them through its view,
    which the before_serve_document hook guards."""
    title = (data.get("title") or "")[:255]
    if image:
        image = _unguessable(without_metadata(image))
        stored = get_image_model()(title=title, file=image, collection=bank_collection(), uploaded_by_user=user)
        stored._set_image_file_metadata()
        stored.save()
        data["image_id"] = stored.pk
    if document:
        stored = get_document_model()(title=title, file=document, collection=bank_collection(), uploaded_by_user=user)
        stored._set_document_file_metadata()
        stored.save()
        data["document_id"] = stored.pk
    return data


def pending_version(entry):
    return entry.versions.filter(status=VersionStatus.PENDING).order_by("-number").first()


@transaction.atomic
def submit(user, data, image=None, document=None):
    """A new entry owned by `user` from the form's cleaned content (`data`: CONTENT_FIELDS by attribute name) and
    its uploads."""
    if not rules.may_submit(user):
        raise EntryError(_("Hãy đăng nhập để gửi ý tưởng."))
    if not data.get("consent"):
        raise EntryError(_("Cần đồng ý công bố để gửi ý tưởng."))
    data = _store_uploads(user, dict(data), image, document)
    now = timezone.now()
    entry = Entry(owner=user, created_at=now, submitted_at=now, updated_at=now)
    apply(entry, data)
    trusted = rules.may_moderate(user, entry)
    if trusted:
        entry.state, entry.published_at = EntryState.PUBLISHED, now
    entry.save()
    _new_version(entry, user, VersionStatus.PUBLISHED if trusted else VersionStatus.PENDING)
    if not trusted:
        notifications.after_commit(entry, notifications.WAITING)
    return entry


@transaction.atomic
def update(user, entry, data, image=None, document=None):
    """The owner's or a moderator's change. Returns the entry as the public now sees it."""
    entry = _locked(entry)
    if not rules.may_edit(user, entry):
        raise EntryError(_("Bạn không có quyền sửa ý tưởng này."))
    if not data.get("consent", entry.consent):
        raise EntryError(_("Cần đồng ý công bố để gửi ý tưởng."))
    data = _store_uploads(user, dict(data), image, document)
    trusted = rules.may_moderate(user, entry)
    if trusted and "club_id" in data:
        # A moderator moving an entry to a club they do not edit would hand it to another club unreviewed.
        trial = Entry(club_id=data["club_id"])
        trusted = rules.may_moderate(user, trial)
    now = timezone.now()
    _supersede_pending(entry)
    if entry.state == EntryState.PUBLISHED and not trusted:
        _new_version(entry, user, VersionStatus.PENDING, data={**snapshot(entry), **data})
        entry.return_reason = ""
        entry.save(update_fields=["return_reason"])
        notifications.after_commit(entry, notifications.WAITING)
        return entry
    apply(entry, data)
    entry.updated_at = now
    entry.return_reason = ""
    if trusted:
        entry.state = EntryState.PUBLISHED
        entry.published_at = entry.published_at or now
    else:
        entry.state, entry.submitted_at = EntryState.SUBMITTED, now
    entry.save()
    _new_version(entry, user, VersionStatus.PUBLISHED if trusted else VersionStatus.PENDING)
    if not trusted:
        notifications.after_commit(entry, notifications.WAITING)
    return entry


@transaction.atomic
def publish(user, entry):
    """Publish the entry, or its pending change (which then replaces the published version)."""
    entry = _locked(entry)
    if not rules.may_moderate(user, entry):
        raise EntryError(_("Bạn không có quyền duyệt ý tưởng này."))
    version = pending_version(entry)
    if version is None:
        raise EntryError(_("Không có nội dung nào đang chờ duyệt."))
    now = timezone.now()
    apply(entry, version.data)
    if not rules.may_moderate(user, entry):  # the pending change names a club this editor does not edit
        raise EntryError(_("Thay đổi này chuyển ý tưởng sang câu lạc bộ khác: Ban Điều hành duyệt thay đổi này."))
    entry.state, entry.return_reason, entry.updated_at = EntryState.PUBLISHED, "", now
    entry.published_at = entry.published_at or now
    entry.save()
    version.status, version.moderated_by, version.moderated_at = VersionStatus.PUBLISHED, user, now
    version.save(update_fields=["status", "moderated_by", "moderated_at"])
    if entry.owner_id != user.pk:
        notifications.after_commit(entry, notifications.PUBLISHED)
    return entry


@transaction.atomic
def return_entry(user, entry, reason):
    """Return the entry (or its pending change) to the owner with a reason; a published entry stays published."""
    entry = _locked(entry)
    if not rules.may_moderate(user, entry):
        raise EntryError(_("Bạn không có quyền duyệt ý tưởng này."))
    reason = (reason or "").strip()
    if not reason:
        raise EntryError(_("Hãy ghi lý do trả lại."))
    version = pending_version(entry)
    if version is None:
        raise EntryError(_("Không có nội dung nào đang chờ duyệt."))
    version.status, version.reason = VersionStatus.RETURNED, reason
    version.moderated_by, version.moderated_at = user, timezone.now()
    version.save(update_fields=["status", "reason", "moderated_by", "moderated_at"])
    if entry.state == EntryState.SUBMITTED:
        entry.state = EntryState.RETURNED
    entry.return_reason = reason
    entry.save(update_fields=["state", "return_reason"])
    if entry.owner_id != user.pk:
        notifications.after_commit(entry, notifications.RETURNED)
    return entry


def forget_renditions(entry):
    """An entry leaving the bank takes its image's renditions along: they are public files under /media/images/,
    reachable by whoever saw their address while it was shown. Wagtail deletes the files once the transaction
    commits and draws them again if the entry comes back."""
    if entry.image_id:
        entry.image.renditions.all().delete()


@transaction.atomic
def withdraw(user, entry):
    """The owner (or a moderator) takes the entry off the bank; it may be sent again by editing it."""
    entry = _locked(entry)
    if not rules.may_withdraw(user, entry):
        raise EntryError(_("Không thể rút ý tưởng này."))
    entry.versions.filter(status=VersionStatus.PENDING).update(status=VersionStatus.WITHDRAWN)
    entry.state = EntryState.WITHDRAWN
    entry.save(update_fields=["state"])
    forget_renditions(entry)
    from .mentoring.services import close_for_entry

    close_for_entry(entry, _("Ý tưởng đã được rút khỏi ngân hàng ý tưởng."))
    from .competitions.services import withdraw_for_idea

    withdraw_for_idea(entry, user, _("Ý tưởng đã được rút khỏi ngân hàng ý tưởng."))
    from .teams.services import cancel_pending

    cancel_pending([entry.pk])  # nobody joins an idea no longer in the bank; the members stay on record
    return entry
