# Migration 0002 names training.models.cohorts.validate_serial_format (the validator of Course's serial formats).
# It lives in training.certificates.serials; this is the same function, so the autodetector sees no change.
from training.certificates.serials import validate_serial_format

__all__ = ["validate_serial_format"]
