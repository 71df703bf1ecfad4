# Migrations 0001 and 0004 name training.models.nominations.dispatch_upload_to (DispatchDocument.file's upload_to).
# The model lives in training.nominations.models; this is the same function, so the autodetector sees no change.
from training.nominations.models.nominations import dispatch_upload_to

__all__ = ["dispatch_upload_to"]
