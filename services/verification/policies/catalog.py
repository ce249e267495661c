"""Loading policy files and choosing the one in force for a region and date.

The most specific region prefix wins (county over city over province); among
those, the latest ``valid_from`` not after the date.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from importlib import resources
from pathlib import Path

from pydantic import ValidationError

from verification.policies.model import Policy
from verification.problems import InvalidRequest


class PolicyFileError(Exception):
    pass


def default_policies_dir() -> Path:
    return Path(str(resources.files("verification.policies") / "data"))


def load_policy(path: Path) -> Policy:
    try:
        return Policy.model_validate(tomllib.loads(path.read_text(encoding="utf-8")))
    except tomllib.TOMLDecodeError as exc:
        raise PolicyFileError(f"{path.name}: not valid TOML: {exc}") from None
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()
        )
        raise PolicyFileError(f"{path.name}: {problems}") from None


class PolicyCatalog:
    def __init__(self, policies: list[Policy]) -> None:
        ids = [p.id for p in policies]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise PolicyFileError(f"policy ids used twice: {', '.join(duplicates)}")
        self.policies = sorted(policies, key=lambda p: (p.region_prefix, p.valid_from))

    @classmethod
    def from_dir(cls, directory: Path) -> PolicyCatalog:
        files = sorted(directory.glob("*.toml"))
        if not files:
            raise PolicyFileError(f"no policy files in {directory}")
        return cls([load_policy(path) for path in files])

    def named(self, policy_id: str, region_code: str, on: dt.date) -> Policy:
        """The policy a verification or report names (ids are unique), else — a file since
        removed — the one in force for its region on its date."""
        for policy in self.policies:
            if policy.id == policy_id:
                return policy
        return self.select(region_code, on)

    def select(self, region_code: str, on: dt.date) -> Policy:
        candidates = [p for p in self.policies if p.applies(region_code, on)]
        if not candidates:
            raise InvalidRequest(
                f"no policy is in force for region {region_code} on {on.isoformat()}",
                code="no-policy",
            )
        return max(candidates, key=lambda p: (len(p.region_prefix), p.valid_from))
