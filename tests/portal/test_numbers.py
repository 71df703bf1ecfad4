"""Numbers built in Python read with the Vietnamese decimal comma (the admin's score column, the exports)."""

from django.utils import translation

from portal.formats.numbers import decimal


def test_decimal_uses_the_comma_in_vietnamese_and_the_point_in_english():
    with translation.override("vi"):
        assert decimal(8.5) == "8,5"
        assert decimal(7) == "7,0"
        assert decimal(None) == ""
    with translation.override("en"):
        assert decimal(8.5) == "8.5"


def test_the_nomination_score_column_shows_the_comma():
    from training.nominations.wagtail_hooks import ScoreColumn

    column = ScoreColumn("avg_score")
    with translation.override("vi"):
        assert column.get_value(type("Row", (), {"avg_score": 8.25})()) in {"8,2", "8,3"}


def test_shown_keeps_the_numbers_own_places_with_the_comma():
    from decimal import Decimal

    from portal.formats.numbers import shown

    with translation.override("vi"):
        assert (shown(Decimal("8.50")), shown(7.25), shown(12)) == ("8,50", "7,25", "12")
    with translation.override("en"):
        assert shown(Decimal("8.5")) == "8.5"


def test_every_wagtail_csv_export_writes_the_decimal_comma_and_xlsx_keeps_a_number():
    from decimal import Decimal

    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    exporter = SpreadsheetExportMixin()
    with translation.override("vi"):
        assert exporter.preprocess_field_value("assessment_score", Decimal("7.5"), "csv") == "7,5"
        assert exporter.preprocess_field_value("avg", 8.25, "csv") == "8,25"
        assert exporter.preprocess_field_value("assessment_score", Decimal("7.5"), "xlsx") == Decimal("7.5")
        assert exporter.preprocess_field_value("count", 3, "csv") == 3  # whole numbers as they were

