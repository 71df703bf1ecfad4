"""The locks in requirements/ agree with pyproject.toml, and the Makefile installs from them.

pyproject.toml holds the ranges, requirements/*.txt the exact versions with hashes (`make lock` writes them). A
range changed without `make lock`, or a lock edited by hand past a range, fails here before an install does."""

import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]
RUNTIME_LOCK = ROOT / "requirements" / "runtime.txt"
TEST_LOCK = ROOT / "requirements" / "test.txt"
PIP_LOCK = ROOT / "requirements" / "pip.txt"
HASH = re.compile(r"--hash=(sha256|sha384|sha512):[0-9a-f]{64,128}\b")


def parse_lock(text):
    """{canonical name: [(version, marker or None, hashes)]}: a universal lock may pin one package twice, each
    version under its own environment marker."""
    pins = {}
    logical = re.sub(r"\\\n", " ", text)  # a requirement and its --hash lines are one line
    for line in logical.splitlines():
        line = line.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        requirement_text = HASH.sub("", line).strip()
        if requirement_text.startswith("-"):
            raise AssertionError(f"option in a lock (not written by `make lock`): {line}")
        requirement = Requirement(requirement_text)
        pinned = [spec for spec in requirement.specifier if spec.operator == "=="]
        if len(pinned) != 1 or len(requirement.specifier) != 1:
            raise AssertionError(f"not pinned to one version: {requirement_text}")
        hashes = [match.group(0) for match in HASH.finditer(line)]
        pins.setdefault(canonicalize_name(requirement.name), []).append(
            (Version(pinned[0].version), requirement.marker, hashes))
    return pins


def lock_problems(requirements, pins):
    """Why the lock does not serve these pyproject requirements: each one pinned, hashed, and within its range."""
    problems = []
    for text in requirements:
        requirement = Requirement(text)
        if requirement.marker is not None and not requirement.marker.evaluate():
            continue
        entries = pins.get(canonicalize_name(requirement.name))
        if not entries:
            problems.append(f"{requirement.name} is not in the lock")
            continue
        for version, _marker, hashes in entries:
            if not hashes:
                problems.append(f"{requirement.name}=={version} has no --hash")
            if not requirement.specifier.contains(version, prereleases=True):
                problems.append(f"{requirement.name}=={version} is outside {requirement.specifier}")
    return problems


def project():
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def runtime_requirements():
    data = project()
    return data["dependencies"] + data["optional-dependencies"]["s3"]


def runtime_and_test_requirements():
    return runtime_requirements() + project()["optional-dependencies"]["test"]


@pytest.fixture(scope="module")
def runtime_pins():
    return parse_lock(RUNTIME_LOCK.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def test_pins():
    return parse_lock(TEST_LOCK.read_text(encoding="utf-8"))


def test_runtime_lock_pins_every_runtime_requirement_within_its_range(runtime_pins):
    assert lock_problems(runtime_requirements(), runtime_pins) == [], "run `make lock`"


def test_test_lock_pins_every_runtime_and_test_requirement_within_its_range(test_pins):
    assert lock_problems(runtime_and_test_requirements(), test_pins) == [], "run `make lock`"


def test_every_pin_of_both_locks_has_a_hash(runtime_pins, test_pins):
    unhashed = [f"{name}=={version}" for pins in (runtime_pins, test_pins)
                for name, entries in pins.items() for version, _marker, hashes in entries if not hashes]
    assert unhashed == []


def test_runtime_lock_is_the_test_lock_without_the_test_tools(runtime_pins, test_pins):
    # Production runs the versions the tests ran: what both locks hold, they hold at one version and hash set.
    differing = {name: (entries, test_pins.get(name)) for name, entries in runtime_pins.items()
                 if [(v, str(m), sorted(h)) for v, m, h in entries]
                 != [(v, str(m), sorted(h)) for v, m, h in test_pins.get(name, [])]}
    assert differing == {}
    test_tools = {canonicalize_name(Requirement(text).name) for text in project()["optional-dependencies"]["test"]}
    needed_at_run_time = {canonicalize_name(Requirement(text).name) for text in runtime_requirements()}
    assert sorted((test_tools - needed_at_run_time) & runtime_pins.keys()) == []


def test_pip_itself_is_pinned_with_a_hash():
    pins = parse_lock(PIP_LOCK.read_text(encoding="utf-8"))
    assert list(pins) == ["pip"]
    assert all(hashes for _version, _marker, hashes in pins["pip"])


def test_a_lock_out_of_step_with_pyproject_is_reported():
    lock = ("django==5.1.4 \\\n    --hash=sha256:" + "a" * 64 + "\n"
            "    # via wagtail\n"
            "whitenoise==6.8.0\n"
            "soupsieve==2.10 ; python_full_version < '3.11.5' \\\n    --hash=sha256:" + "b" * 64 + "\n"
            "soupsieve==4.1.3 ; python_full_version >= '3.11.5' \\\n    --hash=sha256:" + "c" * 64 + "\n")
    pins = parse_lock(lock)

    assert lock_problems(["Django>=5.2,<5.3", "whitenoise>=6.8,<7", "redis>=5.2,<8",
                          "soupsieve>=2,<3", "pywin32>=300; sys_platform == 'win32' and sys_platform != 'linux'"],
                         pins) == [
        "Django==5.1.4 is outside <5.3,>=5.2",
        "whitenoise==6.8.0 has no --hash",
        "redis is not in the lock",
        "soupsieve==4.1.3 is outside <3,>=2",
    ]
    with pytest.raises(AssertionError, match="not pinned"):
        parse_lock("django>=5.2 \\\n    --hash=sha256:" + "a" * 64 + "\n")


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
@pytest.mark.parametrize(("target", "lock"), [("install", TEST_LOCK), ("install-production", RUNTIME_LOCK)])
def test_make_installs_from_the_lock_with_hashes_only(target, lock):
    # -n -B: what make would run in a fresh clone, without running it.
    commands = subprocess.run(["make", "-n", "-B", target], cwd=ROOT, capture_output=True, text=True,
                              check=True).stdout
    pip_installs = [line for line in commands.splitlines() if "pip install" in line]
    relative = lock.relative_to(ROOT).as_posix()
    assert pip_installs and all("--require-hashes" in line and "--no-deps" in line for line in pip_installs)
    assert [line.split("-r ", 1)[1].strip() for line in pip_installs] == [PIP_LOCK.relative_to(ROOT).as_posix(),
                                                                        relative]
