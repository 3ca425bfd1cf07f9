"""Input files -> RawDocument -> DecodedArticle: the file-system side of the importer.

Nothing here trusts its input: folders may contain symlink loops, pipes, unreadable files or
huge dumps; files may lie about their type. Every problem becomes either a skip reason from
`iter_input_files` or a one-line `RejectError`, so one bad file never stops an import.
Plain text, sniffing and JSON/JSONL live here; Markdown/HTML in `formats`, bytes in `encoding`.
"""
from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..model import DecodedArticle, RawDocument
from . import formats
from .encoding import (RejectError, clean_text, decode_bytes, decode_text,
                       hostile_char_warnings)

__all__ = ["MAX_FILE_BYTES", "SUPPORTED_SUFFIXES", "DecodeResult", "RejectError",
           "decode_document", "decode_text", "iter_input_files", "read_file"]

MAX_FILE_BYTES: int = 25 * 1024 * 1024
# A JSON Lines feed holds many articles; it may be larger than any single article file.
MAX_FEED_BYTES: int = 512 * 1024 * 1024
SUPPORTED_SUFFIXES: frozenset[str] = frozenset(
    {".txt", ".text", ".html", ".htm", ".md", ".markdown", ".json", ".jsonl"}
)
_MB = 1024 * 1024


@dataclass
class DecodeResult:
    articles: list[DecodedArticle]
    encoding: str
    rejected_records: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def effective_suffix(path: str | Path) -> str:
    """Lower-case suffix, or "" when there is none or it is not a file type at all: archives
    name files by date ("2023.05.01"), and ".01" should be sniffed, not refused."""
    suffix = Path(path).suffix.lower()
    return suffix if re.search(r"[a-z]", suffix) else ""


# --------------------------------------------------------------------------- finding files


def iter_input_files(paths: Iterable[str | Path]) -> Iterator[tuple[Path, str | None]]:
    """Expand files and folders into (file, None) to read or (path, reason) skipped.

    Folders are walked depth-first in code-point order of names (a folder's files, then its
    sub-folders), so imports are repeatable. Symlinks inside a folder are followed if they
    stay inside it, and each real folder is entered once, which makes loops terminate.
    Hidden entries inside folders are skipped silently; a hidden file named explicitly is
    read, as the user asked for it. The same file reached twice (two links, or named twice)
    is yielded once. A path that is not valid UTF-8 is yielded in a printable form, refused.
    """
    for path, reason in _iter_input_files(paths):
        printable = _printable_path(path)
        if printable is None:
            yield path, reason
        else:
            yield printable, reason or _NOT_UTF8_NAME


# A Linux file name may be any bytes; Python gives the undecodable ones to us as lone
# surrogates, which neither the store nor JSON output can hold, so such a file used to stop
# the whole batch with a UnicodeEncodeError. Until the library keeps a printable name beside
# the real path, such files are refused by name, shown with the bad bytes escaped (\xff).
_NOT_UTF8_NAME = "file name is not valid UTF-8 (rename the file to import it)"


def _printable_path(path: Path) -> Path | None:
    """None if `path` is valid Unicode, else the same path with undecodable bytes escaped."""
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        return Path(os.fsencode(path).decode("utf-8", "backslashreplace"))
    return None


def _iter_input_files(paths: Iterable[str | Path]) -> Iterator[tuple[Path, str | None]]:
    seen_files: set[tuple[int, int]] = set()
    seen_dirs: set[tuple[int, int]] = set()
    for given in paths:
        path = Path(given)
        try:
            st = os.stat(path)
        except OSError as exc:
            yield path, _os_problem(path, exc)
            continue
        if stat.S_ISDIR(st.st_mode):
            yield from _walk_folder(path, st, seen_files, seen_dirs)
        else:
            yield from _file_entry(path, st, seen_files)


def _walk_folder(
    root: Path, root_st: os.stat_result, seen_files: set[tuple[int, int]],
    seen_dirs: set[tuple[int, int]],
) -> Iterator[tuple[Path, str | None]]:
    root_key = (root_st.st_dev, root_st.st_ino)
    if root_key in seen_dirs:
        return
    seen_dirs.add(root_key)
    root_real = os.path.realpath(root)
    stack: list[tuple[Path, tuple[tuple[int, int], ...]]] = [(root, (root_key,))]
    while stack:
        folder, ancestors = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted((e for e in it if e.name[:1] != "."), key=lambda e: e.name)
        except OSError as exc:
            yield folder, f"cannot open folder: {_describe(exc)}"
            continue
        subfolders: list[tuple[Path, tuple[tuple[int, int], ...]]] = []
        for entry in entries:
            path = Path(entry.path)
            try:
                st = os.stat(path)
            except OSError as exc:
                yield path, _os_problem(path, exc)
                continue
            if entry.is_symlink() and not _inside(os.path.realpath(path), root_real):
                yield path, _OUTSIDE_LINK
                continue
            if not stat.S_ISDIR(st.st_mode):
                yield from _file_entry(path, st, seen_files)
                continue
            key = (st.st_dev, st.st_ino)
            if key in ancestors:
                yield path, "symbolic link loop (links back to a folder above it)"
            elif key in seen_dirs:  # silent if it was simply named on the command line too
                if entry.is_symlink():
                    yield path, "folder already visited through another link"
            else:
                seen_dirs.add(key)
                subfolders.append((path, ancestors + (key,)))
        stack.extend(reversed(subfolders))


# A link inside a folder that leads out of it is not followed: a downloaded archive with a link
# to "/" or to the home folder would otherwise walk the whole disk, or import the user's own
# private files ("news.txt" -> ~/.ssh/id_rsa) into the library. Paths named explicitly are
# always followed: the user chose them.
_OUTSIDE_LINK = "symbolic link leads outside the imported folder (not followed)"


def _inside(real: str, root_real: str) -> bool:
    return real == root_real or real.startswith(root_real.rstrip(os.sep) + os.sep)


def _file_entry(
    path: Path, st: os.stat_result, seen_files: set[tuple[int, int]]
) -> Iterator[tuple[Path, str | None]]:
    if not stat.S_ISREG(st.st_mode):
        yield path, "not a regular file (device, pipe or socket)"
        return
    suffix = effective_suffix(path)
    if suffix and suffix not in SUPPORTED_SUFFIXES:
        yield path, f"unsupported file type {suffix}"
        return
    key = (st.st_dev, st.st_ino)
    if key in seen_files:
        return
    seen_files.add(key)
    if not os.access(path, os.R_OK):
        yield path, "cannot read file: permission denied"
    else:
        yield path, None


def _os_problem(path: Path, exc: OSError, action: str = "access") -> str:
    if exc.errno == errno.ELOOP:
        return "symbolic link loop"
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        return "broken symbolic link" if os.path.islink(path) else "path does not exist"
    if isinstance(exc, IsADirectoryError):
        return "is a folder, not a file"
    return f"cannot {action}: {_describe(exc)}"


def _describe(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "permission denied"
    return (exc.strerror or str(exc)).lower()


# --------------------------------------------------------------------------- reading


def read_file(path: Path) -> RawDocument:
    """Exact bytes and their sha256. The size is checked before reading, and reading stops at
    the limit anyway, so a file growing meanwhile (or a lying stat) cannot exhaust memory."""
    path = Path(path)
    try:
        st = os.stat(path)
        if stat.S_ISDIR(st.st_mode):
            raise RejectError("is a folder, not a file")
        if not stat.S_ISREG(st.st_mode):  # opening a FIFO would block the import forever
            raise RejectError("not a regular file (device, pipe or socket)")
        limit = _limit_for(path)
        if st.st_size > limit:
            raise RejectError(_too_large(st.st_size, limit))
        with open(path, "rb") as fh:
            raw = fh.read(limit + 1)
    except OSError as exc:
        raise RejectError(_os_problem(path, exc, "read file")) from exc
    if len(raw) > limit:
        raise RejectError(_too_large(len(raw), limit))
    return RawDocument(source_path=str(path), raw=raw, sha256=hashlib.sha256(raw).hexdigest())


def _limit_for(path: Path) -> int:
    return MAX_FEED_BYTES if path.suffix.lower() == ".jsonl" else MAX_FILE_BYTES


def _too_large(size: int, limit: int = MAX_FILE_BYTES) -> str:
    shown = f"{size / _MB:.1f} MB"
    if size / _MB < limit / _MB + 0.05:  # "25.0 MB; the limit is 25 MB" would confuse
        shown = f"{size:,} bytes"
    return f"file too large ({shown}; the limit is {limit // _MB} MB)"


# --------------------------------------------------------------------------- dispatch

_HTML_START_RE = re.compile(
    r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.I | re.S
)


def decode_document(doc: RawDocument) -> DecodeResult:
    """Turn one file into articles, by suffix; files without a (known) suffix are sniffed.

    A .txt file that contains HTML stays text on purpose: the user named it text, and
    showing its markup is better than guessing wrong and losing words.
    """
    suffix = effective_suffix(doc.source_path)
    if suffix in (".html", ".htm"):
        return _html_result(doc.raw)
    decoded = decode_bytes(doc.raw, for_json=suffix in (".json", ".jsonl"))
    text, notes = decoded.text, decoded.warnings
    rejected: list[str] = []
    if suffix in (".md", ".markdown"):
        articles = formats.markdown_articles(text)
    elif suffix in (".json", ".jsonl"):
        articles, rejected = _json_articles(text, suffix == ".jsonl", notes)
    elif suffix not in (".txt", ".text") and _HTML_START_RE.match(text[:4096]):
        return _html_result(doc.raw)
    else:
        sniffed = None if suffix in (".txt", ".text") else _sniff_json(text, notes)
        articles, rejected = sniffed or ([DecodedArticle(lines=text.split("\n"))], [])
    return DecodeResult(articles, decoded.encoding, rejected, notes)


def _html_result(raw: bytes) -> DecodeResult:
    decoded = formats.decode_html_bytes(raw)
    return DecodeResult(formats.html_articles(decoded.text), decoded.encoding, [], decoded.warnings)


def _sniff_json(text: str, notes: list[str]) -> tuple[list[DecodedArticle], list[str]] | None:
    """JSON for a file without suffix, or None to read it as text (a mere '{' proves little)."""
    if text.lstrip()[:1] not in ("{", "["):
        return None
    try:
        return _json_articles(text, False, notes)
    except RejectError:
        return None


# --------------------------------------------------------------------------- JSON / JSONL

_ALIASES: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline", "name"),
    "body": ("body", "text", "content", "article", "article_body", "articlebody"),
    "date": ("date", "published", "published_at", "publishedat", "pubdate", "datetime",
             "created_at", "datepublished"),
    "source": ("source", "site", "publisher", "sitename", "source_name"),
    "url": ("url", "link", "source_url"),
    "section": ("section", "category"),
    "keywords": ("keywords", "tags"),
}
_CONTAINER_KEYS = ("articles", "items", "data")
_SUMMARY_CHARS = 200


def _json_articles(
    text: str, jsonl: bool, notes: list[str]
) -> tuple[list[DecodedArticle], list[str]]:
    """(articles, rejected record reasons); file-level notes are appended to `notes`.
    RejectError if nothing is usable. A .json file holding JSON Lines is read as such."""
    if jsonl:
        return _collect(list(_jsonl_records(text)))
    try:
        data = _loads(text)
    except json.JSONDecodeError as exc:
        first = text.lstrip().split("\n", 1)[0]
        if exc.msg == "Extra data" and first.startswith("{") and _parses(first):
            found = _collect(list(_jsonl_records(text)))
            notes.append("file holds one JSON object per line; read as JSON Lines")
            return found
        where = f"at line {exc.lineno} column {exc.colno}"
        raise RejectError(f"invalid JSON: {exc.msg} {where}") from exc
    except RecursionError as exc:
        raise RejectError("invalid JSON: nested too deeply") from exc
    except ValueError as exc:  # e.g. a number with more digits than Python will convert
        raise RejectError(f"invalid JSON: {exc}") from exc
    return _collect([(f"record {i}", rec, None) for i, rec in enumerate(_find_records(data), 1)])


def _loads(text: str) -> object:
    """json.loads, except that an integer too long for Python to convert (> 4300 digits) is
    read as a float (inf) instead of failing the whole file with a message about
    sys.set_int_max_str_digits: such a number is never article text, and one in an unused
    field must not cost the article. The common case keeps the fast C parser."""
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        raise
    except ValueError:
        return json.loads(text, parse_int=_int_or_float)


def _int_or_float(digits: str) -> int | float:
    return int(digits) if len(digits) < 4000 else float(digits)


def _parses(line: str) -> bool:
    try:
        _loads(line)
    except (ValueError, RecursionError):
        return False
    return True


_Labelled = tuple[str, object, "str | None"]  # (label, record, reason it is unusable)


def _jsonl_records(text: str) -> Iterator[_Labelled]:
    """JSON Lines records, labelled by line number: that is what the user can find in an
    editor (blank lines are counted, not read)."""
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            yield f"line {number}", _loads(line), None
        except (ValueError, RecursionError):
            yield f"line {number}", None, "invalid JSON"


def _find_records(data: object, depth: int = 0) -> list[object]:
    """An object, a list of objects, or an object wrapping them under articles/items/data."""
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        keys = {_norm_key(k): v for k, v in data.items()}
        if depth < 3 and not any(alias in keys for alias in _ALIASES["body"]):
            for name in _CONTAINER_KEYS:
                if isinstance(keys.get(name), (list, dict)):
                    return _find_records(keys[name], depth + 1)
        return [data]
    raise RejectError(f"JSON has no article records (the top level is {_json_type(data)})")


def _collect(labelled: list[_Labelled]) -> tuple[list[DecodedArticle], list[str]]:
    articles: list[DecodedArticle] = []
    rejected: list[str] = []
    for label, record, problem in labelled:
        if problem is None:
            outcome = (_record_article(record) if isinstance(record, dict)
                       else f"not a JSON object ({_json_type(record)})")
            if isinstance(outcome, DecodedArticle):
                articles.append(outcome)
                continue
            problem = outcome
        rejected.append(f"{label}: {problem}")
    if not articles:
        raise RejectError(_summarise(rejected) if rejected else "JSON has no article records")
    return articles, rejected


def _record_article(record: dict) -> DecodedArticle | str:
    """One record as an article, or the reason it cannot be one."""
    fields = {_norm_key(k): v for k, v in record.items()}

    def pick(name: str) -> object:  # the first non-empty alias; else an empty one, for the reason
        values = [fields[a] for a in _ALIASES[name] if fields.get(a) is not None]
        return next((v for v in values if v not in ("", [], {})), values[0] if values else None)

    body = pick("body")
    if body is None:
        return "no body/text field"
    paragraphs = _body_paragraphs(body)
    if paragraphs is None:
        return f"body/text field is not text ({_json_type(body)})"
    lines = formats.paragraphs_to_lines(paragraphs)
    if not formats.has_text(lines):
        return "empty body/text field"
    source = pick("source")
    if isinstance(source, dict):  # NewsAPI: "source": {"id": ..., "name": ...}
        source = source.get("name")
    section = pick("section")
    if isinstance(section, list):
        section = next((s for s in section if isinstance(s, str) and s.strip()), None)
    return DecodedArticle(
        lines=lines,
        warnings=_record_warnings(fields),
        title=formats.clean_field(pick("title")),
        date=formats.normalize_date(pick("date")),
        source=formats.clean_field(source),
        source_url=formats.clean_field(pick("url")),
        section=formats.clean_field(section),
        keywords=formats.split_keywords(pick("keywords")),
        structured=True,
    )


def _record_warnings(fields: dict[str, object]) -> list[str]:
    """What cleaning silently repairs in the fields we read (JSON escapes can carry unpaired
    surrogates and bidi overrides that the file-level check cannot see), per record."""
    texts: list[str] = []
    stack = [fields[a] for names in _ALIASES.values() for a in names if a in fields]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            texts.append(value)
        elif isinstance(value, list):
            stack.extend(value)
        elif isinstance(value, dict):
            stack.extend(value.values())
    return hostile_char_warnings("\n".join(texts))


def _body_paragraphs(body: object) -> list[str] | None:
    """Paragraph strings of a body: a string split at blank lines, or a list of strings.
    CMS exports often put HTML in the body; that is reduced to its block text."""
    if isinstance(body, dict) and isinstance(body.get("rendered"), str):
        body = body["rendered"]
    if isinstance(body, str):
        return _string_paragraphs(body)
    if not isinstance(body, list):
        return None
    parts = [p for p in body if isinstance(p, str)]
    if body and not parts:  # e.g. a list of objects: not something we can read as text
        return None
    return [para for part in parts for para in _string_paragraphs(part)]


def _string_paragraphs(text: str) -> list[str]:
    cleaned = clean_text(text)[0]
    from_html = formats.html_fragment_paragraphs(cleaned)
    if from_html is not None:
        return from_html
    return [p for p in re.split(r"\n[ \t\u00a0]*\n", cleaned) if p.strip()]


def _norm_key(key: str) -> str:
    return re.sub(r"[\s\-]+", "_", str(key).strip().lower())


def _json_type(value: object) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "true/false"}
    return "null" if value is None else names.get(type(value), "a number")


def _summarise(rejected: list[str]) -> str:
    """One line for the user: as many reasons as fit in ~200 characters, then a count."""
    shown: list[str] = []
    for reason in rejected:
        if shown and len("; ".join(shown + [reason])) > _SUMMARY_CHARS:
            break
        shown.append(reason)
    more = len(rejected) - len(shown)
    return "no usable records: " + "; ".join(shown) + (f" (and {more} more)" if more else "")
