"""Dated commitments from the documents (seed 002), loaded as Board actions with no session.

fixtures/framework/commitments.yaml gives each commitment's owner, what, the words it is
quoted from, the report's date and "within N months"; the due date is that date plus N
calendar months. Reference fields follow the fixture; the status and the updates are written
once (a lead's later updates stand), so a second run changes nothing.
"""

from __future__ import annotations

import calendar
from collections import Counter
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db import transaction

from core import versions
from core.loaders import read_yaml, upsert
from indicators.models import Indicator

from .models import ActionUpdate, BoardAction

FILE = "commitments.yaml"
FRAMEWORK_DIR = settings.BASE_DIR / "fixtures" / "framework"


class CommitmentsError(ValueError):
    """commitments.yaml is inconsistent; nothing was loaded."""


def add_months(start: date, months: int) -> date:
    """The same day `months` calendar months later (the month's last day when it is shorter)."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


@transaction.atomic
def commitments_load(directory: Path = FRAMEWORK_DIR) -> Counter:
    counter: Counter = Counter()
    if not (directory / FILE).exists():
        return counter
    for row in read_yaml(directory, FILE, error=CommitmentsError, expect=list):
        due = add_months(row["from"], int(row["within_months"]))
        what = " ".join(str(row["what"]).split())
        action = upsert(
            counter,
            BoardAction,
            {"seed_key": row["key"]},
            {
                "session": None,
                "owner": row["owner"],
                "what": what,
                "due_date": due,
                "expected_impact": " ".join(str(row["expected_impact"]).split()),
                "impact_by": due,
                "source": row["source"],
            },
        )
        codes = row.get("indicators") or []
        if codes and not action.indicators.exists():
            found = list(Indicator.objects.filter(code__in=codes))
            if len(found) != len(set(codes)):
                raise CommitmentsError(f"{row['key']}: unknown indicator in {codes}.")
            action.indicators.add(*found)
            counter["commitment indicator links added"] += len(found)
        for update in row.get("updates") or []:
            text = " ".join(str(update["text"]).split())
            if action.updates.filter(date=update["date"], text=text).exists():
                continue
            ActionUpdate.objects.create(
                action=action, date=update["date"], status=update["status"], text=text
            )
            BoardAction.objects.filter(pk=action.pk).update(status=update["status"])
            versions.changed(versions.FRAMEWORK)  # no post_save for bulk writes
            counter["commitment updates added"] += 1
    return counter
