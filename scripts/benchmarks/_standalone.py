"""Run one benchmark module on its own (`python scripts/benchmarks/<module>.py`), without scripts/bench.py:
a throwaway test database, and the results printed a line each. bench.py skips this module (leading `_`)."""

import os
import sys
from pathlib import Path


class PrintReport:
    """The part of bench.py's report API the modules use, printing instead of tabulating."""

    def add(self, section, name, value, unit, target=None, ok=None, higher_is_better=False):
        verdict = ""
        if target is not None:
            met = value >= target if higher_is_better else value <= target
            verdict = " ✓" if met else f" ✗ (mục tiêu {'≥' if higher_is_better else '≤'} {target})"
        print(f"[{section}] {name}: {value} {unit}{verdict}")


def run_standalone(run):
    root = Path(__file__).resolve().parents[2]
    sys.path[:0] = [str(root), str(root / "site")]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
    import django

    django.setup()
    from django.test.utils import setup_databases, teardown_databases

    # No setup_test_environment(): its instrumented template rendering would slow every page measured.
    old = setup_databases(verbosity=0, interactive=False)
    try:
        run(PrintReport())
    finally:
        teardown_databases(old, verbosity=0)
