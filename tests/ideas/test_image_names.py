"""Bank images uploaded before random names get one (migration 0008, ideas.image_names): the old, guessable file and
its renditions go once the change is committed; random names, other collections and missing files are left alone."""

import importlib

import pytest
from django.apps import apps
from django.core.files.storage import default_storage
from django.db import transaction
from wagtail.images import get_image_model
from wagtail.images.models import Rendition

from ideas.image_names import is_guessable, random_name, rename_guessable
from ideas.services import bank_collection
from tests.factories.clubs import make_image

pytestmark = pytest.mark.django_db

migration = importlib.import_module("ideas.migrations.0008_bank_images_random_names")


def bank_image(name="anh-cua-htx-que-son.png"):
    image = make_image(title="Ảnh ý tưởng")
    if name != image.file.name.split("/")[-1]:
        with default_storage.open(image.file.name, "rb") as content:
            stored = default_storage.save(f"original_images/{name}", content)
        default_storage.delete(image.file.name)
        image.file.name = stored
    image.collection = bank_collection()
    image.save()
    return image


def test_a_guessable_bank_image_gets_a_random_name_and_loses_its_renditions(django_capture_on_commit_callbacks):
    image = bank_image()
    old, content = image.file.name, default_storage.open(image.file.name).read()
    rendition = image.get_rendition("fill-120x80")
    with django_capture_on_commit_callbacks(execute=True):
        assert migration.rename(apps, None) is None
    image.refresh_from_db()
    assert image.file.name.startswith("original_images/") and image.file.name.endswith(".png")
    assert not is_guessable(image.file.name) and "que-son" not in image.file.name
    assert default_storage.open(image.file.name).read() == content
    assert not default_storage.exists(old) and not default_storage.exists(rendition.file.name)
    assert not Rendition.objects.filter(image=image).exists()
    assert "que-son" not in image.get_rendition("fill-120x80").file.name  # drawn again under the new name


def test_random_names_other_collections_and_missing_files_are_left_alone(django_capture_on_commit_callbacks):
    already = bank_image(random_name("x.jpg").replace(".jpg", ".png"))
    elsewhere = make_image()  # a club's image in the root collection: not the bank's
    missing = bank_image("mat-tep.png")
    default_storage.delete(missing.file.name)
    before = {image.pk: image.file.name for image in (already, elsewhere, missing)}
    with django_capture_on_commit_callbacks(execute=True):
        assert rename_guessable(get_image_model(), Rendition) == 0
    assert {image.pk: image.file.name for image in get_image_model().objects.all()} == before
    assert default_storage.exists(already.file.name) and default_storage.exists(elsewhere.file.name)


def test_a_rolled_back_rename_keeps_the_old_file(django_capture_on_commit_callbacks):
    image = bank_image()
    old = image.file.name
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        with transaction.atomic():
            assert rename_guessable(get_image_model(), Rendition) == 1
            raise RuntimeError("the migration failed later")
    image.refresh_from_db()
    assert image.file.name == old and default_storage.exists(old)


def test_new_uploads_are_named_at_random_already():
    assert not is_guessable(random_name("Ảnh HTX Quế Sơn.JPG")) and random_name("a.JPG").endswith(".jpg")
    assert is_guessable("original_images/anh.jpg") and is_guessable("original_images/anh-cua-htx-que-son-2026.png")
