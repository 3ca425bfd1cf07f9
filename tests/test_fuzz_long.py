"""The long fuzz run: every property of tests/test_fuzz.py with 10,000 examples, behind
--runslow (`./test.sh tests/test_fuzz_long.py --runslow`; expect the better part of an hour
on two cores, most of it in test_importer).

Nothing is defined here: `property_test` (tests/fuzz_strategies.py) builds each property
twice from its one definition in tests/test_fuzz.py, with the CI example count and with
LONG_EXAMPLES, and the long twin is collected here. So both runs check the same assertions
on the same strategies, and an `@example` regression added there runs here too.
"""
from __future__ import annotations

import pytest

import test_fuzz as ci
from test_fuzz import import_bench, search_library  # noqa: F401  (fixtures, found by name)

pytestmark = pytest.mark.slow

test_normaliser = ci.test_normaliser.long_run
test_tokenizer = ci.test_tokenizer.long_run
test_analyzers = ci.test_analyzers.long_run
test_query_parser = ci.test_query_parser.long_run
test_highlighter = ci.test_highlighter.long_run
test_search = ci.test_search.long_run
test_cleaner = ci.test_cleaner.long_run
test_importer = ci.test_importer.long_run
