"""Run one benchmark module on its own (`python scripts/benchmarks/<module>.py`), without scripts/bench.py:
a throwaway test database, and the results printed a line each. bench.py skips this module (leading `_`)."""

import os
import sys
from pathlib import Path


class PrintReport:
    """The part of bench.py's report API the modules use, printing instead of tabulating."""

    rounds = 3

    @staticmethod
    def client_ip():
        return "198.51.0.1"

    def ratio(self, section, name, values, floors, unit="×", target=None, higher_is_better=False):
        import statistics

        ratios = [value / floor for value, floor in zip(values, floors, strict=True) if floor]
        self.add(section, name, round(statistics.median(ratios), 2), unit, target, higher_is_better=higher_is_better)

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
