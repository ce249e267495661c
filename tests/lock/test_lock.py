"""The lock files cover pyproject.toml (#16): a dependency added without `scripts/lock` fails
here, before an image or a fresh machine installs something else than CI tested."""

from __future__ import annotations

import re
import tomllib

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from verification.settings import REPO_ROOT

_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", re.MULTILINE)


def _locked(name: str) -> dict[str, str]:
    text = (REPO_ROOT / "requirements" / name).read_text(encoding="utf-8")
    return {canonicalize_name(n): v for n, v in _PIN.findall(text)}


def _declared(requirements: list[str]) -> dict[str, Requirement]:
    return {canonicalize_name(r.name): r for r in map(Requirement, requirements)}


def test_every_dependency_is_locked_with_a_version_it_allows() -> None:
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    runtime = _declared(project["dependencies"])
    dev = runtime | _declared(project["optional-dependencies"]["dev"])
    for lock, declared in (("runtime.txt", runtime), ("dev.txt", dev)):
        pins = _locked(lock)
        missing = sorted(set(declared) - set(pins))
        assert not missing, f"requirements/{lock} lacks {missing}: run scripts/lock"
        outside = sorted(
            f"{name}=={pins[name]} ({req.specifier})"
            for name, req in declared.items()
            if not req.specifier.contains(pins[name], prereleases=True)
        )
        assert not outside, f"requirements/{lock} pins outside pyproject.toml: {outside}"


def test_the_image_runs_what_ci_tested() -> None:
    runtime, dev = _locked("runtime.txt"), _locked("dev.txt")
    assert runtime, "requirements/runtime.txt pins nothing"
    differ = sorted(f"{n}: {v} vs {dev.get(n)}" for n, v in runtime.items() if dev.get(n) != v)
    assert not differ, f"runtime.txt and dev.txt disagree (run scripts/lock): {differ}"


def test_every_pin_carries_hashes() -> None:
    for lock in ("runtime.txt", "dev.txt"):
        text = (REPO_ROOT / "requirements" / lock).read_text(encoding="utf-8")
        blocks = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 2)[2])
        unhashed = [b.split()[0] for b in blocks if "==" in b and "--hash=sha256:" not in b]
        assert not unhashed, f"requirements/{lock}: no hashes for {unhashed}"
