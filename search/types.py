"""Result types: how site search labels, facets and boosts each page type.

Domain apps register their page types when they start (AppConfig.ready), so that search names no
app of theirs; every page type not registered is a plain "page".
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class ResultType:
    value: str  # in URLs (?type=course) and settings
    label: str  # plural, as the facet shows it
    order: int = 50


OTHER = ResultType("page", "Pages", order=100)
_by_model = {}  # "app_label.modelname" → ResultType


def register(model_label, value, label, order=50):
    _by_model[model_label.lower()] = ResultType(value, label, order)


def type_of(model):
    return _by_model.get(model._meta.label_lower, OTHER)


def all_types():
    """Every type, registered ones in their order, "page" last."""
    return sorted({*_by_model.values(), OTHER}, key=lambda each: (each.order, each.value))


def choices():
    return [(each.value, each.label) for each in all_types()]


def models_of(value):
    """The concrete page models of a type ("page": every page model nobody registered)."""
    from wagtail.models import Page, get_page_models

    return [model for model in get_page_models() if model is not Page and type_of(model).value == value]
