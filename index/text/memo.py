"""A bounded memo of a one-argument function that callers read through `map()`.

Why: an import looks up every word of every article several times (normal form, match key,
name-likeness, …). `functools.lru_cache` costs a Python-level call a word; a dict read with
`map(memo.__getitem__, words)` runs at C speed for the words seen before — in news nearly
all of them — and computes the rest in `__missing__`.

Bounded without tracking recency (which would cost every hit): when full, the entries become
the previous generation and a new dict starts; a word missing from the new one is taken from
the previous one if it is there. The long tail of a large import's vocabulary (most words are
seen once) then ages out, while the common words are carried over at the cost of a dict read
instead of being computed again (an import of 5,000 benchmark articles filled a memo of
200,000 words).
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")

LIMIT = 200_000


class Memo(dict, Generic[K, V]):  # type: ignore[type-arg]
    def __init__(self, fn: Callable[[K], V], limit: int = LIMIT):
        super().__init__()
        self.fn = fn
        self.limit = limit
        self.previous: dict[K, V] = {}

    def __missing__(self, key: K) -> V:
        if len(self) >= self.limit:
            self.previous = dict(self)
            self.clear()
        previous = self.previous
        value = previous[key] if key in previous else self.fn(key)
        self[key] = value
        return value
