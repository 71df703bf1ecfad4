"""Wagtail looks for hooks only in the app's top-level wagtail_hooks module: this one loads each subject's
(menus "Đề cử ToT" and "Lớp đào tạo", the latter holding the certificates' viewset too)."""

from training.certificates import wagtail_hooks as certificate_hooks  # noqa: F401
from training.cohorts import wagtail_hooks as cohort_hooks  # noqa: F401
from training.nominations import wagtail_hooks as nomination_hooks  # noqa: F401
