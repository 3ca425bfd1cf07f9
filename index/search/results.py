"""What a search returns: hits with their snippet and highlight offsets, and the result set.
Engine-neutral; the CLI prints them and the GUI paints them."""
from __future__ import annotations

from dataclasses import dataclass, field

from .highlight import Span
from .query import ParsedQuery


@dataclass
class Hit:
    id: str
    title: str
    lang: str
    date: str | None
    source: str | None
    source_path: str
    score: float
    snippet: str
    highlights: list[Span] = field(default_factory=list)
    title_highlights: list[Span] = field(default_factory=list)
    paragraph: int = 0
    explain: list[str] = field(default_factory=list)  # "Putin · پوتن": entity spellings matched
    # the languages the title and the snippet are written in (003's headline is English in a
    # Hindi article): a front sets direction and font from them without detecting again
    title_lang: str = ""
    snippet_lang: str = ""

    def as_json(self) -> dict:
        return {"id": self.id, "title": self.title, "lang": self.lang, "date": self.date,
                "source": self.source, "score": round(self.score, 4), "snippet": self.snippet,
                "highlights": [list(s) for s in self.highlights],
                "title_highlights": [list(s) for s in self.title_highlights],
                "paragraph": self.paragraph, "explain": self.explain,
                "title_lang": self.title_lang or self.lang,
                "snippet_lang": self.snippet_lang or self.lang}


@dataclass
class SearchResults:
    query: str
    total: int
    hits: list[Hit]
    total_exact: bool = True
    messages: list[str] = field(default_factory=list)
    elapsed_ms: float = 0.0
    parsed: ParsedQuery | None = None
    # entities most named among the hits shown: [{"entity_id","type","name","articles"}]
    facets: list[dict] = field(default_factory=list)

    def as_json(self) -> dict:
        return {"query": self.query, "total": self.total, "total_exact": self.total_exact,
                "hits": [h.as_json() for h in self.hits], "messages": self.messages,
                "elapsed_ms": round(self.elapsed_ms, 2), "facets": self.facets}
