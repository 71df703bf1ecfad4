"""Private uploads (dispatch PDFs, certificate ZIPs) live outside MEDIA_ROOT and reach only those allowed."""

import importlib
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.http import Http404
from django.test import RequestFactory
from django.views.static import serve

from tests.factories.portal import board_user, nominator
from tests.factories.training import PDF_BYTES, NominationRoundFactory, invite, nominate
from training.models import DispatchDocument
from training.nominations.enums import NominationStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def dispatch():
    round_ = NominationRoundFactory()
    user = nominator()
    invite(round_, user.agency)
    nomination = nominate(user, round_, status=NominationStatus.SUBMITTED)
    return nomination.dispatch, user


def test_dispatch_pdf_is_stored_under_the_private_root_not_media(dispatch):
    document, _ = dispatch

    assert document.file.name.startswith("training/cong-van/")
    assert (Path(settings.PRIVATE_MEDIA_ROOT) / document.file.name).read_bytes() == PDF_BYTES
    assert not (Path(settings.MEDIA_ROOT) / document.file.name).exists()
    with pytest.raises(ValueError):
        document.file.url  # noqa: B018 - no URL exists that could leak it


def test_dispatch_pdf_goes_to_its_agency_and_the_board_only(client, dispatch):
    document, owner = dispatch
    url = f"/tot/de-cu/cong-van/{document.pk}/"

    assert client.get(url).status_code == 302  # anonymous: to the log-in page
    client.force_login(owner)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF_BYTES
    client.force_login(board_user())
    assert client.get(url).status_code == 200
    client.force_login(nominator())  # another agency
    assert client.get(url).status_code == 404


def test_public_media_path_does_not_expose_the_dispatch(dispatch):
    """What a web server serving MEDIA_ROOT at /media/ would answer for the file's name."""
    document, _ = dispatch
    request = RequestFactory().get(f"/media/{document.file.name}")

    with pytest.raises(Http404):
        serve(request, document.file.name, document_root=settings.MEDIA_ROOT)


def test_migration_moves_existing_public_files_to_private_and_keeps_records(dispatch):
    document, _ = dispatch
    name = document.file.name
    public, private = storages["default"], storages["private"]
    migration = importlib.import_module("training.migrations.0004_private_files")
    migration.to_public(apps, None)  # where files were before the move
    assert public.exists(name) and not private.exists(name)

    migration.to_private(apps, None)

    assert private.exists(name) and not public.exists(name)
    document.refresh_from_db()
    assert document.file.name == name
    assert DispatchDocument.objects.count() == 1
    with document.file.open("rb") as handle:
        assert handle.read() == PDF_BYTES


def test_certificate_bundles_are_private(settings):
    from tests.factories.training_cohorts import CohortFactory
    from training.models import CertificateBundle

    bundle = CertificateBundle.objects.create(cohort=CohortFactory())
    bundle.file.save("x.zip", ContentFile(b"PK"), save=True)

    assert (Path(settings.PRIVATE_MEDIA_ROOT) / bundle.file.name).exists()
    assert not (Path(settings.MEDIA_ROOT) / bundle.file.name).exists()
