from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodKind(models.TextChoices):
    QUARTER = "quarter", _("Quý")
    HALF_YEAR = "half_year", _("6 tháng")
    YEAR = "year", _("Năm")
    AD_HOC = "ad_hoc", _("Đột xuất")
    CLUB_YEAR = "club_year", _("Tự báo cáo năm của câu lạc bộ")


class IndicatorKind(models.TextChoices):
    NUMBER = "number", _("Số liệu")
    CHOICE = "choice", _("Lựa chọn")
    NARRATIVE = "narrative", _("Nội dung (văn bản)")


class ReportState(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    SUBMITTED = "submitted", _("Đã nộp")
    RETURNED = "returned", _("Trả lại để sửa")


# The states in which the reporter may still change the report.
EDITABLE = [ReportState.DRAFT, ReportState.RETURNED]
