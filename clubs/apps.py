from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClubsConfig(AppConfig):
    name = "clubs"
    verbose_name = _("Câu lạc bộ khởi nghiệp")

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import signals  # noqa: F401
        from .services import ensure_every_editor_group

        post_migrate.connect(ensure_every_editor_group, sender=self, dispatch_uid="clubs.editor_groups")
