from django.db import models
from django.db.models import F
from django.utils import timezone


class SearchTermDay(models.Model):
    """How often a term was searched on a day, and how often it found nothing (for editors' reports)."""

    term = models.CharField(max_length=200)
    date = models.DateField(default=timezone.localdate)
    searches = models.PositiveIntegerField(default=0)
    searches_without_results = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["term", "date"], name="one_row_per_term_and_day")]
        indexes = [models.Index(fields=["date"])]

    def __str__(self):
        return f"{self.term} ({self.date})"

    @classmethod
    def record(cls, term, found):
        row, _ = cls.objects.get_or_create(term=term, date=timezone.localdate())
        cls.objects.filter(pk=row.pk).update(
            searches=F("searches") + 1,
            searches_without_results=F("searches_without_results") + (0 if found else 1),
        )
