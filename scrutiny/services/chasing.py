"""The daily chase digest of overdue and due-soon items, and its beat schedule."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from core import versions
from scrutiny import rules, selectors
from scrutiny.apps import VERSION_KEY
from scrutiny.models import (
    ChaseNotice,
)
from scrutiny.services._common import CHASE_SCHEDULE_NAME, CHASE_TASK, _display_name, logger


@dataclass
class ChaseResult:
    digests: int = 0
    items: int = 0
    already_sent: int = 0
    without_account: int = 0


def chase_digests_send(*, today: date | None = None) -> ChaseResult:
    """Email each contact officer or lead one plain-text digest of what is overdue or due
    within 7 days. An item goes to a person at most once a day (ChaseNotice), so running the
    job again the same day sends nothing twice."""
    today = today or timezone.localdate()
    result = ChaseResult()
    by_recipient: dict[int, list[selectors.ChaseEntry]] = defaultdict(list)
    recipients = {}
    for entry in selectors.chase_list(today=today):
        if entry.recipient is None or not entry.recipient.email:
            result.without_account += 1
            continue
        by_recipient[entry.recipient.pk].append(entry)
        recipients[entry.recipient.pk] = entry.recipient
    failures: list[Exception] = []
    for pk, entries in by_recipient.items():
        try:
            sent = _chase_digest_send_one(recipient=recipients[pk], entries=entries, today=today)
        except (OSError, ConnectionError) as exc:  # smtplib errors are OSErrors
            # One person's mail failing must not stop the others; the task retries later
            # and, thanks to the notices, sends only what is still unsent.
            logger.warning("Chase digest to %s failed: %s", recipients[pk], exc)
            failures.append(exc)
            continue
        result.already_sent += len(entries) - sent
        if sent:
            result.digests += 1
            result.items += sent
    if failures:
        raise failures[0]
    return result


def _chase_digest_send_one(*, recipient, entries: list, today: date) -> int:
    """Send one digest of the entries not yet sent to this recipient today; returns how many."""
    try:
        with transaction.atomic():
            done_recs = set(
                ChaseNotice.objects.filter(
                    recipient=recipient, date=today, recommendation__isnull=False
                ).values_list("recommendation_id", flat=True)
            )
            done_actions = set(
                ChaseNotice.objects.filter(
                    recipient=recipient, date=today, action__isnull=False
                ).values_list("action_id", flat=True)
            )
            fresh = [
                e
                for e in entries
                if (e.recommendation is not None and e.recommendation.pk not in done_recs)
                or (e.action is not None and e.action.pk not in done_actions)
            ]
            if not fresh:
                return 0
            ChaseNotice.objects.bulk_create(
                [
                    ChaseNotice(
                        recipient=recipient,
                        date=today,
                        recommendation=e.recommendation,
                        action=e.action,
                        due_date=e.due_date,
                    )
                    for e in fresh
                ]
            )
            versions.changed(VERSION_KEY)  # bulk_create sends no post_save
            # Sent inside the transaction: if the mail server refuses, the notices roll back
            # and the task's retry tries again; a unique clash means another run sent them.
            send_mail(
                subject=_digest_subject(fresh, today),
                message=chase_digest_text(recipient=recipient, entries=fresh, today=today),
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=[recipient.email],
            )
            return len(fresh)
    except IntegrityError:
        logger.info("Chase digest for %s already sent today by another run.", recipient)
        return 0


def _digest_subject(entries: list, today: date) -> str:
    overdue = sum(1 for e in entries if e.overdue)
    return (
        f"Scrutiny: {len(entries)} item{'s' if len(entries) != 1 else ''} to respond to "
        f"({overdue} overdue) – {today:%-d %B %Y}"
    )


def chase_digest_text(*, recipient, entries: list, today: date) -> str:
    """The plain-text body of one person's digest."""
    lines = [
        f"Dear {_display_name(recipient)},",
        "",
        "These Children and Young People Scrutiny Committee items are overdue or due within "
        f"{rules.CHASE_WINDOW_DAYS} days ({today:%-d %B %Y}):",
        "",
    ]
    for number, entry in enumerate(entries, start=1):
        when = f"{entry.due_date:%-d %B %Y}" if entry.due_date else "no date"
        state = "OVERDUE since" if entry.overdue else "due"
        lines.append(f"{number}. {entry.title}")
        lines.append(f"   {entry.text}")
        lines.append(f"   {state} {when}; status: {entry.status_label}")
        lines.append(f"   Respond: {entry.url}")
        lines.append("")
    lines.append("You can see all the items assigned to you under 'My scrutiny items'.")
    lines.append("Governance and Scrutiny Support Unit")
    return "\n".join(lines)


def schedule_setup() -> None:
    """Create or update the django-celery-beat schedule: the chase digest daily at 07:00."""
    from zoneinfo import ZoneInfo

    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    with transaction.atomic():
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute="0",
            hour="7",
            day_of_week="*",
            day_of_month="*",
            month_of_year="*",
            timezone=ZoneInfo(settings.TIME_ZONE),
        )
        PeriodicTask.objects.update_or_create(
            name=CHASE_SCHEDULE_NAME,
            defaults={
                "task": CHASE_TASK,
                "crontab": crontab,
                "interval": None,
                "enabled": True,
                "description": "Emails each contact officer or lead one digest of scrutiny "
                "recommendations and actions overdue or due within 7 days.",
            },
        )
