"""Screenshots of each role's main screens, as PNGs in docs/screenshots/ (issue 11).

Builds a throwaway demo database (the framework and the labelled demo data), serves the app
with runserver on 127.0.0.1:8011, signs each role in (a session made for the demo user) and
photographs the screens in Debian's Chromium at 1280 px and 375 px wide:

    .venv/bin/python docs/screenshots/take.py

Not a test: a tool for looking at the screens as their users will.
"""

import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent
PORT = 8011
PY = str(ROOT / ".venv" / "bin" / "python")
SHOTS = [  # (file name, role, path, widths, full page?)
    ("dashboard", "board_member", "/dashboard/", (1280, 375), False),
    ("presentation", "board_member", "/dashboard/present/?slide=1", (1280,), False),
    ("indicator", "board_member", "/indicators/LAC-WITHIN-20-MILES/", (1280, 375), False),
    ("pack-contents", "board_member", "/board/packs/{pack}/", (1280,), False),
    ("worklist", "officer", "/indicators/returns/", (1280, 375), False),
    ("entry-grid", "officer", "/indicators/returns/grid/", (1280,), False),
    ("approval-queue", "performance_lead", "/indicators/returns/approvals/", (1280,), False),
    ("monitor", "scrutiny_officer", "/scrutiny/monitor/", (1280,), False),
    (
        "localities-entry",
        "officer",
        "/indicators/returns/areas/LAC-WITHIN-20-MILES/",
        (1280, 375),
        False,
    ),
    ("localities-dashboard", "board_member", "/dashboard/#localities", (1280, 375), False),
    ("dashboard-table", "board_member", "/dashboard/#all-indicators-heading", (1280,), False),
    ("inspections", "scrutiny_officer", "/scrutiny/inspections/", (1280, 375), False),
    ("board-sessions", "board_member", "/board/sessions/", (1280,), False),
    ("youth-justice", "board_member", "/indicators/YJ-REOFFENDING/", (1280,), False),
    ("real-figures", "board_member", "/indicators/CP-PLANS/?range=all", (1280,), False),
    (
        "localities-indicator",
        "board_member",
        "/indicators/CP-PLANS/#localities",
        (1280, 375),
        False,
    ),
]


def manage(*args, env):
    subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True)


SESSIONS = """
import django, json
django.setup()
from bench.sessions import first_with_role, session_key
from core import roles
from outcomes.models import BoardPack
out = {"pack": getattr(BoardPack.objects.order_by("-pk").first(), "pk", 0)}
for role in (roles.BOARD_MEMBER, roles.OFFICER, roles.PERFORMANCE_LEAD, roles.SCRUTINY_OFFICER):
    out[role] = session_key(first_with_role(role))
# Two returns waiting for approval, so the queue shows its context (one an unusual fall).
from datetime import date
from decimal import Decimal
from indicators.models import IndicatorStatus, Period
from indicators.returns import selectors, services
officer = first_with_role(roles.OFFICER)
for row, factor in zip(selectors.due_rows(user=officer, today=date.today()), ("1.02", "0.3")):
    last = IndicatorStatus.objects.filter(indicator=row["indicator"]).exclude(value=None)
    last = last.order_by("-period__start").first()
    value = (last.value if last else Decimal(50)) * Decimal(factor)
    value = value.quantize(Decimal(1) if row["indicator"].unit == "count" else Decimal("0.1"))
    ret = services.return_create(user=officer, indicator=row["indicator"],
        period=Period.objects.get(code=row["period"].code), value=value,
        commentary="Demo data. Screenshot return.")
    services.return_submit(user=officer, ret=ret)
print(json.dumps(out))
"""


def main() -> int:
    import json

    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp())
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{work / 'shots.sqlite3'}",
        "DJANGO_DEBUG": "1",
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
    }
    env.pop("REDIS_URL", None)
    for command in (
        ["migrate", "--noinput"],
        ["load_framework"],
        ["load_real_figures"],
        ["load_commitments"],
        ["seed_demo"],
    ):
        manage(*command, env=env)
    made = subprocess.run(
        [PY, "-c", SESSIONS], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    keys = json.loads(made.stdout.strip().splitlines()[-1])
    server = subprocess.Popen(
        [PY, "manage.py", "runserver", f"127.0.0.1:{PORT}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(60):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.5)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium", args=["--no-sandbox"]
            )
            for name, role, path, widths, full in SHOTS:
                for width in widths:
                    context = browser.new_context(
                        viewport={"width": width, "height": 800 if width > 400 else 740},
                        locale="en-GB",
                    )
                    context.add_cookies(
                        [
                            {
                                "name": "sessionid",
                                "value": keys[role],
                                "url": f"http://127.0.0.1:{PORT}",
                            }
                        ]
                    )
                    page = context.new_page()
                    page.goto(f"http://127.0.0.1:{PORT}{path.format(pack=keys['pack'])}")
                    page.wait_for_load_state("networkidle")
                    target = OUT / f"{name}-{width}.png"
                    page.screenshot(path=str(target), full_page=full)
                    print(target.relative_to(ROOT))
                    context.close()
            browser.close()
    finally:
        server.terminate()
    return 0


if __name__ == "__main__":
    sys.exit(main())
