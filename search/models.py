from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F
from django.utils import timezone
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.models import Orderable

from search import synonyms, types


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


class SearchSettingsForm(WagtailAdminModelForm):
    def is_valid(self):
        valid = super().is_valid()  # the boosts' forms are cleaned only now, after the form's own clean()
        seen = set()
        for form in self.formsets["type_boosts"].forms:
            data = getattr(form, "cleaned_data", {})
            value = data.get("result_type")
            if not value or data.get("DELETE"):
                continue
            if value in seen:
                form.add_error("result_type", "This result type already has a boost above.")
                valid = False
            seen.add(value)
        return valid


@register_setting(icon="search")
class SearchSettings(ClusterableModel, BaseGenericSetting):
    """Settings > Search: what editors tune about site search and the course catalogue."""

    synonyms = models.TextField(
        blank=True,
        help_text=(
            "One group a line: words or phrases that mean the same, separated by commas, "
            "for example “k8s, kubernetes” or “ml, machine learning”. A search for any of them finds "
            "the others. They apply from the next search (with Elasticsearch, within seconds)."
        ),
    )

    panels = [
        FieldPanel("synonyms"),
        InlinePanel(
            "type_boosts",
            heading="Result type boosts",
            label="Boost",
            help_text="Multiplies how relevant a type of result counts: 2 puts courses well ahead of equal matches.",
        ),
    ]
    base_form_class = SearchSettingsForm

    class Meta:
        verbose_name = "Search"

    def clean(self):
        errors = synonyms.parse(self.synonyms)[1]
        if errors:
            raise ValidationError({"synonyms": errors})


class TypeBoost(Orderable):
    settings = ParentalKey(SearchSettings, on_delete=models.CASCADE, related_name="type_boosts")
    result_type = models.CharField(max_length=40, choices=types.choices)
    boost = models.DecimalField(
        max_digits=4,
        decimal_places=1,
        default=Decimal(2),
        validators=[MinValueValidator(Decimal("0.1")), MaxValueValidator(Decimal(10))],
        help_text="From 0.1 (far down) to 10; 1 changes nothing.",
    )

    panels = [FieldPanel("result_type"), FieldPanel("boost")]
