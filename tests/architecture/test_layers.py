"""The layering of ARCHITECTURE.md holds (import-linter, contracts in pyproject.toml), and the check has teeth:
a copy of the tree in which training imports events breaks it."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
PACKAGES = ["clubs", "training", "events", "ideas", "reporting", "site/portal", "site/reports"]


def lint_imports(tree):
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo", str(tree / "pyproject.toml")],
        cwd=tree,
        env={"PYTHONPATH": f"{tree}:{tree / 'site'}", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def copy_of_tree(tmp_path):
    tree = tmp_path / "tree"
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    for package in PACKAGES:
        shutil.copytree(ROOT / package, tree / package, ignore=shutil.ignore_patterns("static", "__pycache__"))
    shutil.move(tmp_path / "pyproject.toml", tree / "pyproject.toml")
    return tree


def test_the_tree_keeps_every_contract():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_training_importing_events_breaks_the_layers(tmp_path):
    tree = copy_of_tree(tmp_path)
    with open(tree / "training" / "home.py", "a") as module:
        module.write("\nfrom events import ical  # noqa\n")

    result = lint_imports(tree)

    assert result.returncode != 0
    assert "training.home -> events" in result.stdout


def test_ground_importing_an_app_breaks_the_ground_contract(tmp_path):
    tree = copy_of_tree(tmp_path)
    with open(tree / "site" / "portal" / "addresses.py", "a") as module:
        module.write("\nimport clubs.models  # noqa\n")

    result = lint_imports(tree)

    assert result.returncode != 0
    assert "portal.addresses -> clubs.models" in result.stdout


def test_events_importing_reporting_breaks_the_layers(tmp_path):
    """reporting reads figures from clubs, training and events: it sits above them, never below."""
    tree = copy_of_tree(tmp_path)
    with open(tree / "events" / "figures.py", "a") as module:
        module.write("\nimport reporting.figures  # noqa\n")

    result = lint_imports(tree)

    assert result.returncode != 0
    assert "events.figures -> reporting.figures" in result.stdout


def test_events_importing_ideas_breaks_the_layers(tmp_path):
    """The idea bank stands on events, training and clubs (a club's editors, is_board): it sits above them."""
    tree = copy_of_tree(tmp_path)
    with open(tree / "events" / "figures.py", "a") as module:
        module.write("\nimport ideas.models  # noqa\n")

    result = lint_imports(tree)

    assert result.returncode != 0
    assert "events.figures -> ideas.models" in result.stdout
