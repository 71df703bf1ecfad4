"""Random names for the bank's images uploaded before uploads got them (`services._unguessable`).

A waiting or withdrawn entry's image is public media whose address only those shown the entry know; an image still
stored under its uploader's name ("anh.jpg", "logo-htx.png") can be found by guessing. `rename_guessable` gives
each such image of the bank's collection a random name, deletes its renditions (files named after the original:
Wagtail draws them again under the new name when a page asks) and the old files once the change is committed.

It takes the models as arguments so that migration 0008 runs it with its historical models, and tests with today's.
"""

import re
import secrets
from pathlib import PurePosixPath

from django.db import transaction

COLLECTION_NAME = "Ngân hàng ý tưởng"
# secrets.token_urlsafe(18): 24 characters, and all but one in 270,000 of them mix upper and lower case, which a
# person's 24-character file name ("anh-cua-htx-que-son-2026") rarely does.
RANDOM_STEM = re.compile(r"(?=.*[A-Z])(?=.*[a-z])[A-Za-z0-9_-]{24}")


def random_name(name):
    """`name`'s folder and lower-case extension around a random stem."""
    path = PurePosixPath(name or "")
    return str(path.parent / (secrets.token_urlsafe(18) + path.suffix.lower()))


def is_guessable(name):
    return not RANDOM_STEM.fullmatch(PurePosixPath(name).stem)


def rename_guessable(image_model, rendition_model):
    """Rename every guessable bank image whose file exists; returns how many were renamed. A missing file (a
    restore without media) is left as it is: there is nothing to guess, and nothing to copy."""
    renamed = 0
    for image in image_model.objects.filter(collection__name=COLLECTION_NAME).order_by("pk").iterator():
        old = image.file.name
        storage = image.file.storage
        if not old or not is_guessable(old) or not storage.exists(old):
            continue
        with storage.open(old, "rb") as content:
            new = storage.save(random_name(old), content)
        doomed = [old]
        for rendition in rendition_model.objects.filter(image_id=image.pk):
            doomed.append(rendition.file.name)
        rendition_model.objects.filter(image_id=image.pk).delete()
        image_model.objects.filter(pk=image.pk).update(file=new)
        # The old files go only once the new name is committed: a rolled-back migration still finds them.
        transaction.on_commit(lambda names=doomed, storage=storage: [storage.delete(name) for name in names if name])
        renamed += 1
    return renamed
