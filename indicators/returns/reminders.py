"""Return reminders: each owner gets one plain-text email a few working days before a return
falls due, and one when it is overdue. A reminder is never sent twice."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from indicators import periods as cal
from indicators.models import Indicator, Period, ReminderLog, Return
from indicators.returns.selectors import due_date

DAYS_BEFORE = 3  # working days before the due date
LOOK_BACK = 3  # periods of each indicator that can still be chased


def reminders_due(*, today: date) -> list[tuple]:
    """(owner, indicator, period code, kind, due date) for every reminder owed today."""
    owed = []
    indicators = Indicator.objects.exclude(owner=None).select_related("owner")
    done = set(
        Return.objects.city()
        .exclude(status=Return.Status.DRAFT)
        .values_list("indicator_id", "period__code")
    )
    for indicator in indicators:
        latest = cal.latest_complete(indicator.period_kind, today)
        for n in range(LOOK_BACK):
            period = cal.shift(latest, -n)
            if (indicator.id, period.code) in done:
                continue
            due = due_date(period.end)
            if today > due:
                owed.append((indicator.owner, indicator, period.code, "overdue", due))
            elif cal.working_days_between(today, due) <= DAYS_BEFORE:
                owed.append((indicator.owner, indicator, period.code, "due_soon", due))
    return owed


def reminders_send(*, today: date | None = None) -> int:
    """Email each owner one message listing what is due soon or overdue; returns emails sent."""
    today = today or timezone.localdate()
    period_ids = dict(Period.objects.values_list("code", "id"))
    sent_before = set(
        ReminderLog.objects.values_list("user_id", "indicator_id", "period_id", "kind")
    )
    by_owner = defaultdict(list)
    for owner, indicator, code, kind, due in reminders_due(today=today):
        key = (owner.id, indicator.id, period_ids[code], kind)
        if key not in sent_before and owner.email:
            by_owner[owner].append((indicator, code, kind, due, key))
    sent = 0
    for owner, items in by_owner.items():
        lines = [
            f"Hello {owner.get_full_name() or owner.get_username()},",
            "",
            "These indicator returns need you:",
            "",
        ]
        for indicator, code, kind, due, _ in sorted(items, key=lambda i: (i[3], i[0].code)):
            state = "OVERDUE" if kind == "overdue" else "due"
            lines.append(f"- {indicator.code} {code}: {state} {due:%d %B %Y} ({indicator.name})")
        lines += [
            "",
            f"Enter them at {settings.SITE_URL}/indicators/returns/",
            "",
            "Children's Board Outcomes",
        ]
        try:
            with transaction.atomic():
                ReminderLog.objects.bulk_create(
                    [
                        ReminderLog(
                            user_id=k[0],
                            indicator_id=k[1],
                            period_id=k[2],
                            kind=k[3],
                            sent_on=today,
                        )
                        for *_, k in items
                    ]
                )
                send_mail(
                    "Indicator returns due",
                    "\n".join(lines),
                    settings.DEFAULT_FROM_EMAIL,
                    [owner.email],
                )
        except IntegrityError:
            continue  # another run got there first: it sent this reminder
        sent += 1
    return sent
