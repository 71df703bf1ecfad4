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
