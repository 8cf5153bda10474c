"""The Children and Young People's Plans: themes and priorities (seeds 000 and 001)."""

from django.db import models

from core.models import BaseModel


class Plan(BaseModel):
    code = models.SlugField(max_length=40, unique=True)
    title = models.CharField(max_length=255)
    start_year = models.PositiveSmallIntegerField()
    end_year = models.PositiveSmallIntegerField()
    vision = models.TextField()
    source = models.CharField(max_length=120, help_text="Seed file the item comes from.")

    class Meta:
        ordering = ["start_year"]

    def __str__(self):
        return self.title


class Theme(BaseModel):
    """One of the four outcome themes: Safe, Happy, Healthy, Successful."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="themes")
    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=80)
    statement = models.TextField()
    order = models.PositiveSmallIntegerField(default=0)
    source = models.CharField(max_length=120)

    class Meta:
        ordering = ["order", "code"]

    def __str__(self):
        return self.name


class Priority(BaseModel):
    """A line of a plan: a 'we will work to' bullet, 'passionate about', principle, ..."""

    class Kind(models.TextChoices):
        WORK_TO = "work_to", "We will work to"
        PASSIONATE_ABOUT = "passionate_about", "We are passionate about"
        PRINCIPLE = "principle", "Principle"
        BEHAVIOUR = "behaviour", "Behaviour"
        PLAN_PRIORITY = "plan_priority", "Plan priority"

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="priorities")
    theme = models.ForeignKey(
        Theme, null=True, blank=True, on_delete=models.PROTECT, related_name="priorities"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    code = models.SlugField(max_length=40, unique=True)
    text = models.TextField()
    order = models.PositiveSmallIntegerField(default=0)
    source = models.CharField(max_length=120)

    class Meta:
        ordering = ["plan__start_year", "kind", "theme__order", "order"]
        verbose_name_plural = "priorities"

    def __str__(self):
        return f"{self.code}: {self.text[:60]}"
