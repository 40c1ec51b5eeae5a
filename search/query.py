"""What a visitor typed, as one query object that every search backend compiles its own way.

The database backends (search.backends.database) get it expanded here into Wagtail's query
classes: each word, or run of words, that an editor's synonym group names matches any member of
the group, and the last word also matches as a prefix, so "pyth" finds Python while it is being
typed. Elasticsearch (search.backends.elasticsearch) applies synonyms in its search analyzer and
forgives typos. Both rank with the result-type boosts the query carries.
"""

import re
from collections.abc import Iterable

from django.db.models import Model
from wagtail.search.query import And, Or, Phrase, PlainText, SearchQuery

# A synonym term is a tuple of lower-case words; a group, the terms that mean the same.
Term = tuple[str, ...]
Group = tuple[Term, ...]

# Phrases in double quotes, or runs of anything else but spaces and quotes.
TOKEN = re.compile(r'"([^"]*)"|([^\s"]+)')
# Punctuation around a word is never part of it (a comma, a trailing dot); inside it may be ("node.js").
EDGES = re.compile(r"^\W+|\W+$")
MIN_PREFIX = 2  # a one-letter prefix matches most of the index
# Added to the score of a result whose title matches: more than any body match can score on any
# backend, so titles come first; type boosts then multiply the whole, ordering within each tier.
TITLE_TIER = 1000.0


class Prefix(PlainText):
    """One word that matches every indexed word it begins."""

    def __init__(self, word: str) -> None:
        super().__init__(word)

    def __repr__(self) -> str:
        return f"<Prefix {self.query_string!r}>"


class UserQuery(SearchQuery):
    """The visitor's words, with the synonym groups and result-type boosts that apply to them.

    `synonyms`: groups of terms that mean the same, each term a tuple of lower-case words.
    `boosts`: {model class: factor} multiplying the score of that type's results.
    """

    def __init__(
        self, text: str, synonyms: Iterable[Group] = (), boosts: dict[type[Model], float] | None = None
    ) -> None:
        self.text = text
        self.synonyms = [tuple(group) for group in synonyms]
        self.boosts = dict(boosts or {})

    def __repr__(self) -> str:
        return f"<UserQuery {self.text!r}>"

    def tokens(self) -> list[tuple[tuple[str, ...], bool]]:
        """[(words, is_phrase)]: the visitor's words and "quoted phrases", stripped of edge punctuation."""
        tokens = []
        for phrase, word in TOKEN.findall(self.text):
            if phrase:
                words = tuple(filter(None, (EDGES.sub("", part) for part in phrase.split())))
                if words:
                    tokens.append((words, True))
            elif cleaned := EDGES.sub("", word):
                tokens.append(((cleaned,), False))
        return tokens

    def expanded(self, exact_words: bool = True) -> SearchQuery | None:
        """The query in Wagtail's classes for the database backends; None when no word is left.

        `exact_words`: the last word matches as itself or as a prefix (exact matches rank higher);
        without, as a prefix only, which matches the same results."""
        tokens = self.tokens()
        if not tokens:
            return None
        words = [word for each, _ in tokens for word in each]
        quoted = {index for index, (each, is_phrase) in enumerate(tokens) if is_phrase}
        clauses: list[SearchQuery] = []
        position = 0
        # Walk the words left to right, replacing the longest run a synonym group names.
        token_of = [index for index, (each, _) in enumerate(tokens) for _ in each]
        while position < len(words):
            token_index = token_of[position]
            if token_index in quoted:
                phrase = tokens[token_index][0]
                clauses.append(Phrase(" ".join(phrase)))
                position += len(phrase)
                continue
            group, length = self.synonyms_at(words, position, token_of, quoted)
            if group:
                clauses.append(Or([term_query(term) for term in group]))
                position += length
                continue
            word = words[position]
            last = position == len(words) - 1
            if last and len(word) >= MIN_PREFIX:
                # The exact word too: it ranks exact matches above mere prefixes, and gives PostgreSQL's
                # planner the word's statistics (a prefix alone is guessed to match almost nothing).
                clauses.append(Or([PlainText(word), Prefix(word)]) if exact_words else Prefix(word))
            else:
                clauses.append(PlainText(word))
            position += 1
        return clauses[0] if len(clauses) == 1 else And(clauses)

    def synonyms_at(
        self, words: list[str], position: int, token_of: list[int], quoted: set[int]
    ) -> tuple[Group | None, int]:
        """The group whose longest term starts at `position` (outside quotes), and its length in words."""
        best: Group | None = None
        best_length = 0
        lowered = [word.lower() for word in words]
        for group in self.synonyms:
            for term in group:
                end = position + len(term)
                if len(term) <= best_length or end > len(words):
                    continue
                if any(token_of[index] in quoted for index in range(position, end)):
                    continue
                if tuple(lowered[position:end]) == term:
                    best, best_length = group, len(term)
        return best, best_length


def term_query(term: Term) -> SearchQuery:
    return PlainText(term[0]) if len(term) == 1 else Phrase(" ".join(term))
