"""Demo Board data: key indicators, two quarterly sessions with young people's voice and
actions, and their published packs. Every text says it is demo data; rerunning adds nothing."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction

from core import roles
from indicators import periods as cal
from outcomes.board import services as board
from outcomes.dashboard.selectors import quarters_with_data

from .models import BoardPack, BoardSession, Theme

# Runs after the indicators' demo, which makes the figures the packs freeze.
ORDER = 90
DEMO = "Demo data"
KEY = [
    "LAC-WITHIN-20-MILES",
    "ADOPTION-A1-DAYS",
    "CP-PLANS",
    "LAC-HOME-CARE-ORDER",
    "LAC-HEALTH-ASSESSMENTS",
    "INFANT-MORTALITY",
    "KS4-ENG-MATHS",
    "CL-EET",
    "NEET-16-18",
    "EXCLUSIONS-PERMANENT",
]
ORGANISATIONS = [
    ("Manchester City Council", "Director of Children's Services", 1),
    ("Manchester City Council", "Executive Member for Children's Services", 1),
    ("Greater Manchester Police", "Superintendent, Public Protection", 1),
    ("Manchester Health and Care Commissioning", "Designated Nurse", 1),
    ("Manchester Youth Council", "Young people", 4),
    ("Voluntary and community sector", "Chief executives", 2),
]
SESSIONS = [
    # (quarters back from the latest with data, focus theme, voice, actions)
    (
        1,
        "SAFE",
        [
            (
                "Children in Care Council",
                "Session with 9 young people aged 12-17",
                "We want to live near our friends and our school. Moving far away means starting "
                "again with everything.",
            ),
            (
                "Youth Council",
                "Survey of 140 young people",
                "Feeling safe on the way to school matters most; more youth workers on the streets "
                "after school would help.",
            ),
        ],
        [
            (
                "Head of Looked After Children, Manchester City Council",
                "Recruit 20 more Manchester foster carers through the "
                "'Foster for Manchester' drive",
                60,
                "More children placed within 20 miles of home",
                240,
                ["LAC-WITHIN-20-MILES"],
                "on_track",
            ),
            (
                "Strategic Lead, Early Help",
                "Review every child on a Care Order placed at home for more than a year",
                90,
                "Fewer children on Care Orders placed at home",
                270,
                ["LAC-HOME-CARE-ORDER"],
                "at_risk",
            ),
        ],
    ),
    (
        0,
        "HEALTHY",
        [
            (
                "Children in Care Council",
                "Workshop with 11 young people",
                "Health assessments feel like a form being filled in. We want the same nurse each "
                "time and to be asked what matters to us.",
            ),
        ],
        [
            (
                "Designated Nurse for Looked After Children, MHCC",
                "Offer every looked after child a named nurse for health assessments",
                90,
                "Health assessments on time for 95% of looked after children",
                365,
                ["LAC-HEALTH-ASSESSMENTS"],
                "not_started",
            ),
        ],
    ),
]


def seed(*, users, all_users, stdout) -> None:
    lead = users.get(roles.PERFORMANCE_LEAD)
    if lead is None or BoardSession.objects.filter(title__startswith=DEMO).exists():
        return
    quarters = quarters_with_data()
    if not quarters:
        return
    board.key_indicators_set(user=lead, codes=[c for c in KEY if _exists(c)])
    made = []
    for back, theme_code, voices, actions in SESSIONS:
        if back >= len(quarters):
            continue
        made.append(_session(lead, quarters[back], theme_code, voices, actions))
    for session in sorted(made, key=lambda s: s.date):
        with transaction.atomic():
            pack = board.pack_request(user=lead, session=session)
        pack.refresh_from_db()
        if pack.state != BoardPack.State.PUBLISHED:  # a real worker builds it later
            stdout.write(f"Demo pack for {session.title} queued for the Celery worker.")
    stdout.write(f"Demo data: {len(made)} Board sessions with voice, actions and packs.")


def _exists(code: str) -> bool:
    from indicators.models import Indicator

    return Indicator.objects.filter(code=code).exists()


def _session(lead, quarter, theme_code, voices, actions) -> BoardSession:
    theme = Theme.objects.get(code=theme_code)
    day = quarter.end + timedelta(days=24)
    session = board.session_create(
        user=lead,
        period=quarter,
        date=day,
        focus_theme=theme,
        title=f"{DEMO}: {theme.name} theme session, {cal.parse(quarter.code).label}",
        venue="Manchester Town Hall Extension (demo)",
        notes=f"{DEMO}: invented for demonstration; not a record of a real meeting.",
        attendances=[{"organisation": o, "role": r, "count": n} for o, r, n in ORGANISATIONS],
    )
    for group, how, said in voices:
        board.voice_add(
            user=lead, session=session, group=group, how_heard=f"{how} ({DEMO})", said=said
        )
    for owner, what, due_days, impact, impact_days, codes, status in actions:
        action = board.action_create(
            user=lead,
            session=session,
            owner=owner,
            what=f"{what} ({DEMO})",
            due_date=day + timedelta(days=due_days),
            expected_impact=impact,
            impact_by=day + timedelta(days=impact_days),
            indicators=codes,
            status="not_started",
        )
        if status != "not_started":
            board.action_progress(
                user=lead,
                action=action,
                date=day + timedelta(days=30),
                status=status,
                text=f"{DEMO}: first progress update.",
            )
    return session
