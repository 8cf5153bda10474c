from django.conf import settings
from django.db import models


class BaseModel(models.Model):
    """Audit fields shared by every domain model."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        abstract = True


class OutboxJob(models.Model):
    """A Celery job written in the same transaction as the change that needs it.

    core.jobs.enqueue writes the row, then sends the job once the transaction commits and marks
    it sent. If the broker cannot take it then, the row waits here, and core.jobs.outbox_flush
    (the `core.send_outbox` beat task every minute, and a finished request at most every
    OUTBOX_FLUSH_SECONDS) sends it later: a broker outage delays a job, never loses it.
    """

    task = models.CharField(max_length=200)
    args = models.JSONField(default=list, blank=True)
    task_id = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "outbox job"

    def __str__(self):
        state = f"sent {self.sent_at:%Y-%m-%d %H:%M}" if self.sent_at else "waiting"
        return f"{self.task}{tuple(self.args)} ({state})"
