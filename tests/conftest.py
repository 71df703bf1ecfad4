import os
import shutil

import pytest
from django.conf import settings

from tests.clock import clock  # noqa: F401  (the frozen-clock fixture, for every test)


@pytest.fixture(autouse=True)
def _media_root(tmp_path, settings):
    """Each test writes uploads (images, PDFs) to its own folder."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
    yield
    shutil.rmtree(tmp_path / "media", ignore_errors=True)
    shutil.rmtree(tmp_path / "private", ignore_errors=True)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: the portal keeps sites and pages there, and a test's rolled-back
    writes fire no signal that would drop what the previous test cached; rate-limit counters start at zero."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def _is_transactional(request):
    if {"transactional_db", "live_server"} & set(request.fixturenames):
        return True
    marker = request.node.get_closest_marker("django_db")
    if marker is None:
        return False
    return bool(marker.kwargs.get("transaction") or (marker.args and marker.args[0]))


def ensure_migration_baseline():
    """Rebuild what the migrations created (root page, locale, root collection, HomePage, default Site, roles)
    when a transactional test's flush has wiped it. Idempotent: does nothing on an intact database.

    Django's TransactionTestCase (and so pytest-django's `transactional_db` and `live_server`) empties every table
    after each test; post_migrate then recreates content types, permissions and the role groups, but not the
    pages and the site that data migrations made."""
    from django.contrib.auth.models import Group
    from wagtail.models import Collection, Locale, Page, Site

    from portal import roles
    from portal.addresses import site_address
    from portal.models import HomePage

    rebuilt = False
    if not HomePage.objects.exists():
        locale = Locale.objects.filter(language_code=settings.LANGUAGE_CODE).first() or Locale.objects.create(
            language_code=settings.LANGUAGE_CODE
        )
        root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
        home = root.add_child(
            instance=HomePage(title="Mạng lưới CLB Khởi nghiệp Quảng Nam", slug="trang-chu", locale=locale)
        )
        hostname, port = site_address()  # as post_migrate aligns it (portal.addresses)
        Site.objects.update_or_create(
            is_default_site=True,
            defaults={"hostname": hostname, "port": port, "root_page": home, "site_name": "Khởi nghiệp Quảng Nam"},
        )
        rebuilt = True
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
        rebuilt = True
    if rebuilt or not Group.objects.filter(name=roles.BOARD).exists():
        roles.sync_roles()  # page and collection permissions and the workflow hang on the rebuilt root


@pytest.fixture(autouse=True)
def _migration_baseline(request):
    """Every database test starts with the data migrations' pages and roles. A transactional test (live_server,
    transaction=True) flushes the tables when it ends, and with several workers any test may run after one."""
    if _is_transactional(request):
        request.getfixturevalue("transactional_db")
        ensure_migration_baseline()
    elif "db" in request.fixturenames or request.node.get_closest_marker("django_db"):
        request.getfixturevalue("db")
        ensure_migration_baseline()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed(): ...` runs what the block left for after commit (e-mail tasks) as a real commit would:
    each test runs inside a transaction that never commits."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


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
        skip = pytest.mark.skip(
            reason="needs PostgreSQL (set DATABASE_URL=postgres://...) for real parallel connections"
        )
        for item in items:
            if "postgres_only" in item.keywords:
                item.add_marker(skip)


def is_postgres():
    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


__all__ = ["ensure_migration_baseline", "is_postgres", "os"]
