"""What editors tune in Settings > Search: synonym groups and result-type boosts.

Synonyms are written as Elasticsearch (Solr) equivalence rules, one group a line:
"k8s, kubernetes". The database backends apply them to the query (search.query), Elasticsearch
in its search analyzer from a synonyms set that search.tasks.sync_synonyms keeps in step.
"""

import re
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import transaction

from search import types

CACHE_KEY = "search:tuning"
CACHE_SECONDS = 300  # a safety net: every save forgets the cached copy at once
MAX_GROUPS = 2000
MAX_TERMS = 20
MAX_WORDS = 5
# Words that begin with a letter or digit, with dots, hyphens, "+" and "#" after (node.js, e-learning,
# c++, c#): a term that analysis would empty ("_", "-") makes Elasticsearch refuse the whole set.
WORD = r"[^\W_][\w.+#-]*"
TERM = re.compile(rf"{WORD}(?: {WORD})*")


@dataclass
class Tuning:
    synonyms: list = field(default_factory=list)  # [(("k8s",), ("kubernetes",)), …]
    boosts: dict = field(default_factory=dict)  # {page model: factor}


def parse_synonyms(text):
    """(groups, errors): each group a tuple of terms, each term a tuple of lower-case words."""
    groups, errors = [], []
    for number, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if "=>" in line:
            errors.append(f"Line {number}: “=>” is not supported; list the terms that mean the same, with commas.")
            continue
        terms = [" ".join(term.lower().split()) for term in line.split(",")]
        terms = list(dict.fromkeys(term for term in terms if term))
        bad = next((term for term in terms if not TERM.fullmatch(term)), None)
        if bad is not None:
            errors.append(
                f"Line {number}: “{bad[:40]}” can hold only letters, digits and spaces "
                "(dots, hyphens, “+” and “#” inside a word)."
            )
        elif len(terms) < 2:
            errors.append(f"Line {number}: a group needs at least two different terms, separated by commas.")
        elif len(terms) > MAX_TERMS or any(len(term.split()) > MAX_WORDS for term in terms):
            errors.append(f"Line {number}: at most {MAX_TERMS} terms a group and {MAX_WORDS} words a term.")
        else:
            groups.append(tuple(tuple(term.split()) for term in terms))
    if len(groups) > MAX_GROUPS:
        errors.append(f"At most {MAX_GROUPS} groups of synonyms; there are {len(groups)}.")
    return groups, errors


def rules(groups):
    """The groups as Elasticsearch synonym rules."""
    return [", ".join(" ".join(term) for term in group) for group in groups]


def current():
    """The editors' tuning as it is now: from the cache, or two small queries; empty when nobody saved it."""
    stored = cache.get(CACHE_KEY)
    if stored is None:
        stored = read()
        cache.set(CACHE_KEY, stored, CACHE_SECONDS)
    synonyms, by_value = stored
    boosts = {model: factor for value, factor in by_value.items() for model in types.models_of(value)}
    return Tuning(synonyms=synonyms, boosts=boosts)


def read():
    from search.models import SearchSettings

    saved = SearchSettings.objects.prefetch_related("type_boosts").first()
    if saved is None:
        return [], {}
    return parse_synonyms(saved.synonyms)[0], {row.result_type: float(row.boost) for row in saved.type_boosts.all()}


def forget(**kwargs):
    """Connected to every change of the settings or their boosts; again after the commit, so that a
    search that read the old rows meanwhile cannot keep them cached."""
    cache.delete(CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(CACHE_KEY))
