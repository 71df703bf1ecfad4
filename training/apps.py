from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = _("Đào tạo giảng viên nguồn (ToT)")

    def ready(self):
        from training.certificates import checks  # noqa: F401 - registers the signing key's deployment check
