"""Check the installed Python distributions against the committed PyPA advisory snapshot
(security/pypa-advisories.json, OSV format), for machines where no vulnerability service is
reachable (pip-audit's services need the PyPI or OSV APIs). Exit 1 on any affected version.

    .venv/bin/python .ci/offline_advisories.py
"""

import importlib.metadata
import json
import re
import sys
from pathlib import Path

from packaging.version import InvalidVersion, Version

SECURITY = Path(__file__).resolve().parents[1] / "security"
SNAPSHOT = SECURITY / "pypa-advisories.json"
# Reviewed findings that do not apply, each with its reason and date (docs/security.md).
EXCEPTIONS = SECURITY / "advisory-exceptions.json"


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def affected(version: Version, entry: dict) -> bool:
    """True when `version` is listed, or inside an ECOSYSTEM range (introduced <= v < fixed,
    or <= last_affected)."""
    if str(version) in entry.get("versions", []):
        return True
    for spec in entry.get("ranges", []):
        if spec.get("type") != "ECOSYSTEM":
            continue
        start = None
        for event in spec.get("events", []):
            if "introduced" in event:
                start = Version("0") if event["introduced"] == "0" else Version(event["introduced"])
            elif "fixed" in event and start is not None:
                if start <= version < Version(event["fixed"]):
                    return True
                start = None
            elif "last_affected" in event and start is not None:
                if start <= version <= Version(event["last_affected"]):
                    return True
                start = None
        if start is not None and version >= start:
            return True
    return False


def main() -> int:
    data = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    installed = {}
    for dist in importlib.metadata.distributions():
        try:
            installed[canonical(dist.metadata["Name"])] = Version(dist.version)
        except InvalidVersion:
            continue
    exceptions = json.loads(EXCEPTIONS.read_text(encoding="utf-8"))
    found, excepted = [], []
    for advisory in data["advisories"]:
        for entry in advisory["affected"]:
            name = canonical(entry["package"]["name"])
            if name in installed and affected(installed[name], entry):
                line = f"{name} {installed[name]}: {advisory['id']} {advisory['summary']}"
                reviewed = exceptions.get(advisory["id"])
                if reviewed and canonical(reviewed["package"]) == name:
                    excepted.append(f"{line} [exception of {reviewed['reviewed']}]")
                else:
                    found.append(line)
    print(
        f"offline advisories: {len(installed)} distributions checked against "
        f"{len(data['advisories'])} advisories (PyPA database at {data['commit'][:12]}, "
        f"{data['commit_date']}): {len(found)} affected, {len(excepted)} reviewed exceptions"
    )
    for line in found + excepted:
        print("  " + " ".join(line.split()))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
