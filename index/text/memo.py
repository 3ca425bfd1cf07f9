"""A bounded memo of a one-argument function that callers read through `map()`.

Why: an import looks up every word of every article several times (normal form, match key,
name-likeness, …). `functools.lru_cache` costs a Python-level call a word; a dict read with
`map(memo.__getitem__, words)` runs at C speed for the words seen before — in news nearly
all of them — and computes the rest in `__missing__`. When full it starts again rather than
tracking recency: the vocabulary of a long import is a long tail, and the common words come
back within a few articles.
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

    def __missing__(self, key: K) -> V:
        if len(self) >= self.limit:
            self.clear()
        value = self[key] = self.fn(key)
        return value
