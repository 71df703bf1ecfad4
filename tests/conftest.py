import os
import shutil

import pytest
from django.conf import settings


@pytest.fixture(autouse=True)
def _media_root(tmp_path, settings):
    """Each test writes uploads (images, PDFs) to its own folder."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    yield
    shutil.rmtree(tmp_path / "media", ignore_errors=True)


@pytest.fixture
def home(db):
    """The HomePage every install gets from portal's data migration."""
    from portal.models import HomePage

    return HomePage.objects.get()


@pytest.fixture
def site_tree(home):
    """The directory and news index under the home page, as the demo builds them."""
    from tests.factories.clubs import make_site_tree

    return make_site_tree(home)


def pytest_collection_modifyitems(config, items):
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL=postgres://...) for real parallel connections")
        for item in items:
            if "postgres_only" in item.keywords:
                item.add_marker(skip)


def is_postgres():
    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


__all__ = ["is_postgres", "os"]
