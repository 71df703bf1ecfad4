# Migrations 0002 and 0004 name training.models.certificates.bundle_upload_to (CertificateBundle.file's upload_to).
# The model lives in training.certificates.models; this is the same function, so the autodetector sees no change.
from training.certificates.models import bundle_upload_to

__all__ = ["bundle_upload_to"]
