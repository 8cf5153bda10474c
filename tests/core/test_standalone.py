"""The suite stands alone: nothing outside the repository is read, and set-up waits for apt."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_no_test_reads_the_shared_folder_beside_the_repo():
    offenders = []
    for path in (ROOT / "tests").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if (
            re.search(
                r"""\.\./shared|parent\s*/\s*["']shared["']|parents\[\d\]\s*/\s*["']shared""", text
            )
            and path.name != Path(__file__).name
        ):
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_every_apt_get_in_the_makefile_waits_for_the_dpkg_lock():
    lines = [line for line in (ROOT / "Makefile").read_text().splitlines() if "apt-get" in line]
    calls = [c for line in lines for c in re.findall(r"apt-get[^;&|]*", line)]
    assert calls, "the Makefile installs Debian packages with apt-get"
    assert all("DPkg::Lock::Timeout=" in c for c in calls), calls
