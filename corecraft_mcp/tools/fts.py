"""What a user types, turned into a safe SQLite FTS5 query.

FTS5 has its own query language (quotes, AND/OR/NOT/NEAR, column filters, parentheses, `*`), so
raw text such as `"`, `AND OR (` or `name: x` is a syntax error or means something else. Only the
words are kept, each quoted as a string: a quoted token is always a plain term, and the index's
tokenizer (porter unicode61) still folds case, diacritics and word endings inside the quotes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

# Letters and digits: what the unicode61 tokenizer keeps as token characters (it splits on '_',
# '-', apostrophes and every other punctuation mark).
_WORD = re.compile(r"[^\W_]+")
# More terms than this adds nothing to ranking and only slows the query.
MAX_TERMS = 32

MatchMode = Literal["all_terms", "any_term"]

# Words that carry no topic. Agents often paste a customer's question ("my PC won't turn on"):
# requiring "my" and "won" finds nothing, and ranking on them favours whichever article says
# "my" most. Contraction fragments ("won", "t", "s") are here because the tokenizer splits on
# the apostrophe; "no", "not" and "off" stay ("no signal", "will not turn off"). Dropped only
# when the query has other words, so "on" alone still searches.
STOPWORDS: frozenset[str] = frozenset({
    "a", "about", "after", "again", "all", "am", "an", "and", "any", "are", "aren", "as", "at",
    "be", "been", "before", "being", "below", "between", "both", "but", "by", "can", "cannot",
    "could", "couldn", "d", "did", "didn", "do", "does", "doesn", "doing", "don", "down", "during",
    "each", "few", "for", "from", "further", "had", "hadn", "has", "hasn", "have", "haven",
    "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "i", "if",
    "in", "into", "is", "isn", "it", "its", "itself", "just", "ll", "m", "me", "more", "most",
    "my", "myself", "nor", "now", "of", "on", "once", "only", "or", "other",
    "our", "ours", "ourselves", "out", "over", "own", "re", "s", "same", "she", "should",
    "shouldn", "so", "some", "such", "t", "than", "that", "the", "their", "theirs", "them",
    "themselves", "then", "there", "these", "they", "this", "those", "through", "to", "too",
    "under", "until", "up", "ve", "very", "was", "wasn", "we", "were", "weren", "what", "when",
    "where", "which", "while", "who", "whom", "why", "will", "with", "won", "would", "wouldn", "y",
    "you", "your", "yours", "yourself", "yourselves", "get", "got", "hi", "hello", "please",
    "thanks", "thank", "help", "need", "want",
})  # fmt: skip


@dataclass(frozen=True)
class FtsQuery:
    """The searchable words of a user's text (lower-cased, deduplicated, in order, stopwords
    dropped)."""

    terms: tuple[str, ...]

    @classmethod
    def parse(cls, text: str) -> FtsQuery:
        words = list(dict.fromkeys(_WORD.findall(text.lower())))
        topical = [w for w in words if w not in STOPWORDS]
        return cls(tuple(topical or words)[:MAX_TERMS])

    @property
    def empty(self) -> bool:
        return not self.terms

    def expression(self, mode: MatchMode) -> str:
        """The MATCH expression: every term (implicit AND), or any of them."""
        quoted = [f'"{term}"' for term in self.terms]
        return " ".join(quoted) if mode == "all_terms" else " OR ".join(quoted)

    def modes(self) -> tuple[MatchMode, ...]:
        """The match modes to try in turn: all terms first, then (for several terms) any term,
        so a long natural-language question still finds the articles that share its words."""
        return ("all_terms", "any_term") if len(self.terms) > 1 else ("all_terms",)
