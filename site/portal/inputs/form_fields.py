"""Form fields that refuse hostile values with a form error instead of a server error."""

import contextlib

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

MAX_DATABASE_INTEGER = 2**63 - 1


def beyond_database_integer(value):
    """Whether a posted key is a whole number no integer column can hold (anything else is left to Django)."""
    with contextlib.suppress(TypeError, ValueError):
        return abs(int(str(value).strip())) > MAX_DATABASE_INTEGER
    return False


class BoundedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A multiple choice of rows by integer key where a number beyond 64 bits is an invalid choice.

    Django checks each posted key with an exact lookup (which knows the column's range) but then loads the choice
    with `pk__in`, which SQLite cannot run with such a number: OverflowError, a 500 (found by tests/fuzz)."""

    def _check_values(self, value):
        key = self.queryset.model._meta.get_field(self.to_field_name) if self.to_field_name else None
        if isinstance(key or self.queryset.model._meta.pk, models.IntegerField | models.AutoField):
            for pk in value:
                if beyond_database_integer(pk):
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                    )
        return super()._check_values(value)


class BoundedModelChoiceField(forms.ModelChoiceField):
    """A choice of one row by integer key where a number beyond 64 bits is an invalid choice (SQLite cannot even
    look it up: OverflowError, a 500 found by tests/fuzz)."""

    def to_python(self, value):
        if beyond_database_integer(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)
