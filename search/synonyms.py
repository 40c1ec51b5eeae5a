"""Synonym groups as editors write them in Settings > Search: one group a line, "k8s, kubernetes".

They are Elasticsearch's (Solr's) equivalence rules; search.query applies them on the database.
"""

import re

from search.query import Group

MAX_GROUPS = 2000
MAX_TERMS = 20
MAX_WORDS = 5
# Words that begin with a letter or digit, with dots, hyphens, "+" and "#" after (node.js, e-learning,
# c++, c#): a term that analysis would empty ("_", "-") makes Elasticsearch refuse the whole set.
WORD = r"[^\W_][\w.+#-]*"
TERM = re.compile(rf"{WORD}(?: {WORD})*")


def parse(text: str | None) -> tuple[list[Group], list[str]]:
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


def rules(groups: list[Group]) -> list[str]:
    """The groups as Elasticsearch synonym rules."""
    return [", ".join(" ".join(term) for term in group) for group in groups]
