"""The baseline the benchmarks compare with: another commit's code, run beside today's.

``ensure_baseline("55058e7")`` gives a checkout of that commit with a virtual environment of
its own, both cached under ``$XDG_CACHE_HOME/verification-bench/<full hash>/`` (default
``~/.cache``), so only the first run pays for them:

- ``src/``: the commit's files (``git archive``, not a worktree: nothing is registered in
  this repository, and a cache that is deleted leaves nothing behind), never modified;
- ``venv/``: its own Python environment with the commit's project installed editable (its
  migrations and ``alembic.ini`` are found next to its sources) with its ``[dev]`` extras
  (its benchmark driver imports its test helpers), and beside it, as ``scripts/bootstrap``
  does, the social-insurance source when the commit has it as a distribution of its own
  (``connectors/social_insurance``, since ``c65c8a1``), so both codes ask the same agencies.

The commit's dependencies are installed **under today's lock** where the two overlap:
``requirements/dev.txt`` of this checkout is given to pip as constraints (versions only,
without hashes), so the comparison is between the two commits' code, not between library
releases. A package today's lock pins outside the baseline's own bounds would make pip
fail; the error says so (55058e7's bounds, e.g. ``httpcore<1.1``, ``procrastinate<3.11``,
admit today's pins). The environment is rebuilt when the commit, the constraints or the
Python version change (a stamp file records them), and a lock file keeps two benchmark
runs from building it at once.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_BASELINE = "55058e7"


@dataclass(frozen=True)
class Baseline:
    commit: str  # the full hash
    src: Path
    bin: Path  # the venv's bin directory: python, verification, mock-sources

    @property
    def short(self) -> str:
        return self.commit[:7]

    @property
    def python(self) -> Path:
        return self.bin / "python"


def cache_root() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "verification-bench"


def _git(*args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(ROOT), *args], check=True, capture_output=True, text=True
    ).stdout.strip()


def _constraints() -> str:
    """Today's dev lock as plain pins: ``name==version ; marker`` lines, no hashes."""
    lines = []
    for raw in (ROOT / "requirements" / "dev.txt").read_text(encoding="utf-8").splitlines():
        line = raw.strip().removesuffix("\\").strip()
        if not line or line.startswith(("#", "--")) or "==" not in line:
            continue
        lines.append(line)
    return "\n".join(lines) + "\n"


def ensure_baseline(commit: str) -> Baseline:
    """The cached checkout and environment of ``commit`` (any name git resolves)."""
    full = _git("rev-parse", "--verify", f"{commit}^{{commit}}")
    home = cache_root() / full
    home.mkdir(parents=True, exist_ok=True)
    with (home / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        src = home / "src"
        if not (src / "pyproject.toml").exists():
            print(f"baseline {full[:7]}: extracting the commit into {src}", file=sys.stderr)
            shutil.rmtree(src, ignore_errors=True)
            _extract(full, src)
        venv = home / "venv"
        constraints = _constraints()
        stamp_want = hashlib.sha256(
            f"{full}\n{sys.version}\n{constraints}\nplugins".encode()
        ).hexdigest()
        stamp = venv / ".bench-installed"
        if not stamp.exists() or stamp.read_text().strip() != stamp_want:
            print(f"baseline {full[:7]}: installing its environment into {venv}", file=sys.stderr)
            shutil.rmtree(venv, ignore_errors=True)
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
            constraints_file = home / "constraints.txt"
            constraints_file.write_text(constraints, encoding="utf-8")
            install = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet"]
            subprocess.run([*install, "--upgrade", "pip", "setuptools", "wheel"], check=True)
            result = subprocess.run(
                [*install, "-c", str(constraints_file), "-e", f"{src}[dev]"],
                check=False,
                capture_output=True,
                text=True,
            )
            if result.returncode != 0:
                shutil.rmtree(venv, ignore_errors=True)
                raise RuntimeError(
                    f"baseline {full[:7]}: pip could not install it under today's lock "
                    f"(constraints {constraints_file}):\n{result.stderr[-3000:]}"
                )
            # the social-insurance source is a distribution of its own since c65c8a1
            # (scripts/bootstrap installs it beside the project): without it the baseline
            # would ask one agency fewer than this code
            plugin = src / "connectors" / "social_insurance"
            if (plugin / "pyproject.toml").exists():
                subprocess.run(
                    [*install, "--no-deps", "--no-build-isolation", "-e", str(plugin)],
                    check=True,
                )
            stamp.write_text(stamp_want + "\n")
    return Baseline(commit=full, src=src, bin=venv / "bin")


def _extract(commit: str, destination: Path) -> None:
    with tempfile.TemporaryDirectory(dir=destination.parent) as tmp:
        archive = Path(tmp) / "src.tar"
        with archive.open("wb") as out:
            subprocess.run(["git", "-C", str(ROOT), "archive", commit], check=True, stdout=out)
        staging = Path(tmp) / "src"
        with tarfile.open(archive) as tar:
            tar.extractall(staging, filter="data")
        staging.rename(destination)


if __name__ == "__main__":
    found = ensure_baseline(sys.argv[1] if len(sys.argv) > 1 else DEFAULT_BASELINE)
    print(f"{found.commit} {found.src} {found.bin}")
