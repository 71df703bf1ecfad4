"""Serial numbers: the format a series follows (a course's, or another app's such as SK-{year}-{number:04d}) and
reserving the next numbers of a series without gaps or duplicates."""

from string import Formatter

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from training.certificates.models import SerialCounter

SERIAL_KEYS = {"year", "number"}


def validate_serial_format(value):
    """A serial format uses only {year} and {number} (with an optional spec such as {number:04d})."""
    try:
        keys = {name for _, name, _, _ in Formatter().parse(value) if name is not None}
        sample = value.format(year=2022, number=1)
    except (ValueError, IndexError, KeyError) as error:
        raise ValidationError(_("Mẫu số hiệu không hợp lệ: %(error)s") % {"error": error}) from error
    if "number" not in keys or not keys <= SERIAL_KEYS:
        raise ValidationError(
            _("Mẫu số hiệu phải có {number} và chỉ dùng {year}, {number}, ví dụ ToT-{year}-{number:04d}.")
        )
    if len(sample) > 60:
        raise ValidationError(_("Số hiệu quá dài (tối đa 60 ký tự)."))


def reserve_serials(serial_format, year, count=1):
    """The next `count` consecutive serials of the series `serial_format` in `year`. The counter row stays locked
    until the caller's transaction ends, so concurrent issuers queue and a rolled-back issue leaves no gap."""
    counter, _created = SerialCounter.objects.select_for_update().get_or_create(series=serial_format, year=year)
    first = counter.last_number + 1
    counter.last_number += count
    counter.save(update_fields=["last_number"])
    return [serial_format.format(year=year, number=number) for number in range(first, first + count)]


def next_serial(serial_format, year):
    """The next serial of the series in `year`. Must run inside the issuing transaction."""
    return reserve_serials(serial_format, year, 1)[0]
