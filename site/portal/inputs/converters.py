"""`<id:pk>`: a database id in a URL, at most 18 digits.

Django's `<int:>` accepts any number of digits; a number beyond 64 bits then reaches the database, where SQLite
raises OverflowError (a 500; found by tests/fuzz). Every id of ours fits in 18 digits; a longer one is a 404."""

from django.urls import register_converter


class DatabaseIdConverter:
    regex = "[0-9]{1,18}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


register_converter(DatabaseIdConverter, "id")
