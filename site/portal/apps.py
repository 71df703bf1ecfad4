from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_roles(sender, **kwargs):
    from .roles import sync_roles

    sync_roles()


def _align_default_site(sender, verbosity=1, stdout=None, **kwargs):
    from .addresses import align_default_site

    align_default_site(stdout if verbosity else None)


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Cổng thông tin")

    def ready(self):
        from .operations import checks  # noqa: F401 - registers the deployment checks
        from .ordering import connect as connect_vietnamese_collation

        # SQLite learns the Vietnamese collation PostgreSQL has from ICU, on every new connection.
        connect_vietnamese_collation()
        from .admin import slugs

        slugs.connect()  # ASCII slugs with đ -> d for every page an editor creates
        # After every migrate (fresh or upgrade) the role groups carry exactly the permissions roles.py names.
        post_migrate.connect(_sync_roles, sender=self, dispatch_uid="portal.sync_roles")
        # The Site the first migration made says localhost:80; sitemap and feeds must say BASE_URL (addresses.py).
        post_migrate.connect(_align_default_site, sender=self, dispatch_uid="portal.align_default_site")
        from .security.spreadsheets import protect_wagtail_exports

        protect_wagtail_exports()
        from .admin.filters import refuse_exports_with_ignored_filters

        refuse_exports_with_ignored_filters()
        from .operations import page_cache
        from .operations.sites import connect_signals

        connect_signals()
        page_cache.connect()
        from .inputs import text

        text.connect()  # every text field of our models is normalised on save (issue 12)
        from .inputs import suggest

        suggest.connect()  # the diacritic-insensitive fold of the filters' suggestions, on SQLite
        from .operations.wagtail_mail import clean_wagtail_mail

        clean_wagtail_mail()  # Wagtail's moderation and notification e-mails: one-line subjects, clean bodies

        from .operations import task_log

        task_log.connect()
