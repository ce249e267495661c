"""The wheel the image installs carries every file the service reads at run time: the
production image has no source checkout, so a data file that ``[tool.setuptools.package-data]``
does not name is found missing only there (the frozen procrastinate schema once was, by the
stack test). Checked against the declaration itself: a local build may pick such a file up
anyway from an editable install's metadata, which the image's build does not have."""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# where each top-level package lives in the checkout
PACKAGES = {
    "verification": ROOT / "services" / "verification",
    "mock_sources": ROOT / "services" / "mock_sources",
    "connectors": ROOT / "connectors",
    "migrations": ROOT / "migrations",
}
# documents for readers of the checkout, not read at run time
NOT_SHIPPED = {"README.md", "WIRE.md"}


def _data_files() -> list[tuple[str, Path]]:
    """(package, path) of every non-Python file of the packages."""
    files = []
    for name, directory in PACKAGES.items():
        for path in directory.rglob("*"):
            if (
                path.is_file()
                and path.suffix not in {".py", ".pyc"}
                and "__pycache__" not in path.parts
                and path.name not in NOT_SHIPPED
                and not _own_distribution(path, directory)
            ):
                files.append((name, path))
    return files


def _own_distribution(path: Path, top: Path) -> bool:
    """Whether ``path`` lies in a folder with a ``pyproject.toml`` of its own below ``top``: a
    distribution of its own (``connectors/social_insurance``), not part of this wheel."""
    return any(
        (parent / "pyproject.toml").is_file() for parent in path.parents if top in parent.parents
    )


def _declared(package_data: dict[str, list[str]], package: str, path: Path) -> bool:
    """Whether a ``package-data`` entry of the file's package (or of a package between it
    and the file, or ``*``) names it, as setuptools matches them (globs relative to the
    package's directory)."""
    relative = path.relative_to(PACKAGES[package])
    parts = relative.parts
    for depth in range(len(parts)):
        owner = ".".join((package, *parts[:depth]))
        rest = "/".join(parts[depth:])
        for key in (owner, "*"):
            if any(fnmatch.fnmatch(rest, glob) for glob in package_data.get(key, [])):
                return True
    return False


def test_every_data_file_of_the_packages_is_declared_for_the_wheel() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    package_data = config["tool"]["setuptools"]["package-data"]
    files = _data_files()
    assert any(p.name.endswith(".sql") for _n, p in files)  # the case that slipped
    missing = [str(p.relative_to(ROOT)) for n, p in files if not _declared(package_data, n, p)]
    assert missing == []


def test_an_undeclared_file_is_caught() -> None:
    sql = PACKAGES["migrations"] / "procrastinate" / "schema-3.10.0.sql"
    assert not _declared({"migrations": ["script.py.mako"]}, "migrations", sql)
    assert _declared({"migrations": ["procrastinate/*.sql"]}, "migrations", sql)
