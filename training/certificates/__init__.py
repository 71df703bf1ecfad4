"""Certificates: serial numbers, verification codes, the frozen snapshot and its PDF, public verification,
revoking and re-issuing, and the ZIP of a cohort's certificates. The events app issues its attendance
certificates through training.certificates.services too."""
