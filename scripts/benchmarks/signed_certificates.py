"""Benchmark of signed certificates (issue 15): a cohort of 500 issued in one transaction, then what the task worker
does after the commit, signing and storing each PDF (store_signed_pdfs) and the cohort's ZIP from the stored files
(build_bundle). Target: under 60 s signed. The same flow unsigned (pyHanko replaced by the unsigned bytes) runs in
the same process, alternately, so the difference is the signing alone; the milliseconds of one signature too.

`run(report)` is called by scripts/bench.py with Django set up; everything it creates is rolled back, and the
stored PDFs go to a temporary folder. Run alone: `.venv/bin/python scripts/benchmarks/signed_certificates.py`.
"""

import contextlib
import importlib.util
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

SECTION = "Giấy chứng nhận có chữ ký số"
COHORT_SIZE = 500
TARGET_SECONDS = 60


class _Rollback(Exception):
    pass


def _certificates_bench():
    """scripts/benchmarks/training_certificates.py, its cohort and sample data (loaded by path, as bench.py does)."""
    path = Path(__file__).resolve().parent / "training_certificates.py"
    spec = importlib.util.spec_from_file_location("benchmarks._training_certificates", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@contextlib.contextmanager
def unsigned():
    """pyHanko out of the flow: the signed PDF is the drawn one (everything else as it is)."""
    from training.certificates import signing

    original = signing.sign_pdf
    signing.sign_pdf = lambda body, signing_time: body
    try:
        yield
    finally:
        signing.sign_pdf = original


def cohort_flow(size):
    """Seconds to issue `size` certificates, sign and store each, and bundle the cohort (task bodies run inline)."""
    from django.db import transaction

    from training.certificates import services as certificates
    from training.certificates.enums import BundleStatus, CertificateKind
    from training.models import CertificateBundle

    try:
        with transaction.atomic():
            cohort, board = _certificates_bench().cohort_of(size)
            start = time.perf_counter()
            issued = certificates.issue_for_cohort(cohort, CertificateKind.COMPLETION, board)
            certificates.store_signed_pdfs.call([c.pk for c in issued])  # the on-commit task, as the worker runs it
            bundle = CertificateBundle.objects.create(cohort=cohort, requested_by=board, total=len(issued))
            certificates.build_bundle.call(bundle.pk)
            seconds = time.perf_counter() - start
            bundle.refresh_from_db()
            assert bundle.status == BundleStatus.DONE and bundle.done == size, (bundle.status, bundle.done)
            bundle.file.delete(save=False)
            raise _Rollback
    except _Rollback:
        pass
    return seconds


def signature_ms(rounds=30):
    from training.certificates import signing
    from training.certificates.pdf import render_certificate

    body = render_certificate(_certificates_bench().sample_data())
    moment = datetime(2022, 7, 1, 2, 0, tzinfo=UTC)
    signing.sign_pdf(body, moment)  # loads the key
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        signing.sign_pdf(body, moment)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def run(report):
    from django.test import override_settings

    with tempfile.TemporaryDirectory() as private, override_settings(PRIVATE_MEDIA_ROOT=private):
        report.add(SECTION, "Ký một PDF (pyHanko, PAdES B-B, RSA 3072)", round(signature_ms(), 1), "ms")
        with unsigned():
            plain = cohort_flow(COHORT_SIZE)
        signed = cohort_flow(COHORT_SIZE)
    report.add(SECTION, f"Lớp {COHORT_SIZE} người không ký: cấp + lưu PDF + tạo ZIP", round(plain, 2), "s")
    report.add(
        SECTION,
        f"Lớp {COHORT_SIZE} người có ký: cấp + ký và lưu PDF + tạo ZIP",
        round(signed, 2),
        "s",
        target=TARGET_SECONDS,
    )
    report.add(SECTION, "Chữ ký thêm vào mỗi giấy chứng nhận", round((signed - plain) * 1000 / COHORT_SIZE, 1), "ms")


if __name__ == "__main__":
    from _standalone import run_standalone

    run_standalone(run)
