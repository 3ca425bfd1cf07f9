"""The corpus of bad and hostile import input: `build_corpus(dest)` writes every case.

Small, static cases are committed in `files/` and copied; large or awkward ones (a 50 MB file,
1,000 tiny files, symlink loops, pipes, odd file names) are generated, because git cannot
hold them or they depend on the machine. Every case gets its own folder `dest/<name>/`, and
the texts differ from case to case, so importing the whole of `dest` as one batch must give
each case the same outcome as importing it alone. README.md explains every outcome.

Run as a script to build a corpus and list it:  python tests/data/bad/make_bad.py DEST
"""
from __future__ import annotations

import os
import runpy
import shutil
import socket
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

FILES = Path(__file__).resolve().parent / "files"

IMPORTED = "imported"
WARNED = "imported_with_warning"
DUPLICATE = "duplicate"
REJECTED = "rejected"
SKIPPED = "skipped"  # not mentioned in the import summary at all (only for hidden/same files)
OUTCOMES = (IMPORTED, WARNED, DUPLICATE, REJECTED, SKIPPED)


@dataclass(frozen=True)
class Case:
    """One kind of bad input and what importing it must do.

    `paths` are imported together, in order; the outcome is about `subject` (by default the
    last path). `reason` is a substring of the rejection reason (rejected), of a warning
    (imported_with_warning) or of the duplicate reason (duplicate). `counts` are the expected
    numbers of (imported, duplicates, rejected) entries for everything under `dir`.
    """

    name: str
    kind: str
    dir: Path
    paths: tuple[Path, ...]
    outcome: str
    reason: str = ""
    why: str = ""
    subject: Path | None = None
    contains: str = ""  # text the stored article must contain (title or paragraphs)
    absent: tuple[str, ...] = ()  # text that must not be in its title or paragraphs
    lang: str = ""
    counts: tuple[int, int, int] | None = None
    also_rejected: str = ""  # a record of the same file rejected with this reason
    # the reason when the path is found by walking its folder instead of being named: a link
    # that leads out of the folder being imported is then not followed
    walk_reason: str = ""
    skip: str = ""  # non-empty: this case cannot be run here, and why

    @property
    def target(self) -> Path:
        return self.subject if self.subject is not None else self.paths[-1]


# --------------------------------------------------------------------------- static cases
# (case name, file in files/, outcome, reason substring, kind, why, extra Case fields)
_STATIC: list[tuple[str, str, str, str, str, str, dict]] = runpy.run_path(
    str(Path(__file__).resolve().parent / "static_cases.py"))["STATIC"]


# --------------------------------------------------------------------------- helpers


def story(n: int, place: str = "کراچی") -> str:
    """A distinct short Urdu article for generated cases (its number makes it unique)."""
    return (f"{place} میں شہری سہولتوں کا جائزہ نمبر {n}\n\n"
            f"{place} کی بلدیہ نے علاقہ نمبر {n} میں صفائی، پانی اور سڑکوں کی حالت کا تفصیلی "
            "جائزہ لینے کے لیے ایک کمیٹی قائم کر دی ہے۔\n\n"
            "کمیٹی کے سربراہ نے بتایا کہ رپورٹ دو ہفتوں میں مکمل کر کے شہریوں کے سامنے پیش کی "
            "جائے گی۔\n")


_SENTENCE = ("حکومت نے صوبے کے تمام اضلاع میں صاف پانی کی فراہمی کے منصوبے پر کام تیز کرنے کی "
             "ہدایت کی ہے")


def _folder(dest: Path, name: str) -> Path:
    folder = dest / name
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _write(path: Path, data: str | bytes) -> Path:
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def _repeat_to(path: Path, chunk: bytes, size: int) -> Path:
    with open(path, "wb") as fh:
        for _ in range(size // len(chunk)):
            fh.write(chunk)
    return path


def _case(folder: Path, kind: str, outcome: str, reason: str, why: str,
          *paths: Path, **extra: object) -> Case:
    return Case(folder.name, kind, folder, paths or (folder,), outcome, reason, why, **extra)


# --------------------------------------------------------------------------- generated cases
Builder = Callable[[Path], "Case | list[Case]"]
_GENERATED: list[Builder] = []


def _generated(fn: Builder) -> Builder:
    _GENERATED.append(fn)
    return fn


@_generated
def text_50mb(dest: Path) -> Case:
    f = _folder(dest, "text_50mb")
    path = _repeat_to(f / "archive_50mb.txt", (story(50) + "\n").encode() * 64, 50 * 2**20)
    return _case(f, "50 MB text file", REJECTED, "file too large (50.0 MB; the limit is 25 MB)",
                 "refused from its size before reading: memory stays bounded", path)


@_generated
def long_single_line(dest: Path) -> Case:
    f = _folder(dest, "long_single_line")
    text = " ".join(f"{_SENTENCE} {i}۔" for i in range(2500))  # ~250,000 characters
    return _case(f, "very long single line (250,000 characters, no newline)", IMPORTED, "",
                 "one huge paragraph is still text", _write(f / "one_line.txt", text),
                 contains=f"{_SENTENCE} 2499۔")


@_generated
def line_over_article_limit(dest: Path) -> Case:
    f = _folder(dest, "line_over_article_limit")
    text = " ".join(f"{_SENTENCE} {i}۔" for i in range(21000))  # ~2.1 million characters
    return _case(f, "single line of 2.1 million characters", REJECTED,
                 "too long for one article (2.1 million characters",
                 "no news article is this long; it would hold the import for minutes",
                 _write(f / "huge_line.txt", text))


@_generated
def many_short_lines(dest: Path) -> Case:
    f = _folder(dest, "many_short_lines")
    chunk = "".join(f"سطر {i % 1000} خبر\n" for i in range(1000)).encode()
    path = _repeat_to(f / "lines.txt", chunk, 24 * 2**20)  # 1.5 million lines, under 25 MB
    return _case(f, "1.5 million short lines (24 MB)", REJECTED, "too long for one article (",
                 "used to take ~10 minutes in one uncancellable step", path)


@_generated
def single_token(dest: Path) -> Case:
    f = _folder(dest, "single_token_1m")
    return _case(f, "one 'word' of a million letters", REJECTED, "looks like boilerplate",
                 "no sentence, no article", _write(f / "token.txt", "ب" * 1_000_000 + "\n"))


@_generated
def json_deeply_nested(dest: Path) -> Case:
    f = _folder(dest, "json_deeply_nested")
    return _case(f, "JSON nested 100,000 levels deep", REJECTED, "nested too deeply",
                 "no stack overflow, a clear reason", _write(f / "deep.json", "[" * 100_000))


def _deep_html(inner: str, before: str = "", depth: int = 100_000) -> str:
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>{before}"
            + "<div>" * depth + inner + "</div>" * depth + "</body></html>")


@_generated
def html_deep_nesting(dest: Path) -> Case:
    f = _folder(dest, "html_deep_nesting")
    t = story(7001, "ملتان").split("\n\n")
    page = _deep_html(f"<p>{t[2]}</p>", f"<h1>{t[0]}</h1><p>{t[1]}</p>")
    return _case(f, "HTML nested 100,000 <div>s deep (text above and inside)", WARNED,
                 "nested more than 256 levels deep", "the parser stops at 256 levels; what "
                 "it read is kept, the user told", _write(f / "deep.html", page),
                 contains="علاقہ نمبر 7001")


@_generated
def html_deep_nesting_no_text(dest: Path) -> Case:
    f = _folder(dest, "html_deep_nesting_no_text")
    page = _deep_html("<p>" + story(7002, "ملتان").replace("\n\n", "</p><p>") + "</p>")
    return _case(f, "HTML whose only text is 100,000 levels deep", REJECTED,
                 "nested more than 256 levels deep", "the reason says why the text is lost",
                 _write(f / "deep.html", page))


@_generated
def html_huge_text_node(dest: Path) -> Case:
    f = _folder(dest, "html_huge_text_node")
    path = f / "huge.html"
    with open(path, "wb") as fh:
        fh.write(b"<html><body><p>")
        fh.write(f"{_SENTENCE}۔ ".encode() * (11 * 2**20 // 150))
        fh.write(b"</p></body></html>")
    return _case(f, "HTML with 11 MB of text in one paragraph", REJECTED, "over 10 MB of text",
                 "beyond the HTML parser's limit; the reason says so", path)


def build_tiny_files(dest: Path, n: int) -> Case:
    """`n` tiny files: 80% distinct one-line items, 10% copies (duplicates), 10% empty."""
    f = _folder(dest, f"tiny_files_{n}")
    for i in range(n):
        path = f / f"{i:05d}.txt"
        if i % 10 == 9:
            path.write_bytes(b"")
        elif i % 10 == 8:
            shutil.copyfile(f / f"{i - 1:05d}.txt", path)
        else:
            path.write_text(f"خبر {n}/{i}: شہر میں آج بارش ہوئی اور لوگ خوش ہوئے۔\n", "utf-8")
    return _case(f, f"a folder of {n:,} tiny files (10% empty, 10% copies)", IMPORTED, "",
                 "every file is handled and reported", subject=f / "00000.txt",
                 counts=(n * 8 // 10, n // 10, n // 10))


def _named(folder: Path, name: str | bytes, n: int) -> Path:
    if isinstance(name, bytes):  # a name that is not valid UTF-8 (Linux allows any bytes)
        path = os.fsdecode(os.path.join(os.fsencode(folder), name))
        with open(path, "wb") as fh:
            fh.write(story(n, "سکھر").encode())
        return Path(path)
    return _write(folder / name, story(n, "سکھر"))


_NAMES: list[tuple[str, str | bytes, str, str, str, str]] = [
    ("name_urdu", "لاہور کی تازہ خبر.txt", IMPORTED, "", "Urdu file name", "names are Unicode"),
    ("name_hindi", "दिल्ली समाचार २०२४.txt", IMPORTED, "", "Hindi file name", "names are Unicode"),
    ("name_spaces", "  news   with spaces .txt", IMPORTED, "", "spaces (leading, repeated)",
     "no shell is involved"),
    ("name_newline", "first line\nsecond line.txt", IMPORTED, "", "newline in the file name",
     "legal on Linux; imported like any other"),
    ("name_shell_metachars", "$(touch HOSTILE-pwned); rm -rf ~ `id` & | > ' \".txt", IMPORTED,
     "", "shell metacharacters in the name", "names are never passed to a shell"),
    ("name_leading_dash", "-rf --json.txt", IMPORTED, "", "name that looks like options",
     "paths are never parsed as options"),
    ("name_very_long", "خ" * 120 + ".txt", IMPORTED, "", "244-byte file name (Urdu)",
     "near the 255-byte limit"),
    ("name_invalid_utf8", b"bad-\xff\xfe-name.txt", REJECTED, "file name is not valid UTF-8",
     "file name bytes that are not UTF-8", "used to stop the whole batch with a "
     "UnicodeEncodeError; the library cannot store such a name yet"),
]


@_generated
def names(dest: Path) -> list[Case]:
    cases = []
    for number, (name, file_name, outcome, reason, kind, why) in enumerate(_NAMES, 3001):
        f = _folder(dest, name)
        cases.append(_case(f, kind, outcome, reason, why, _named(f, file_name, number),
                           contains="" if outcome == REJECTED else f"علاقہ نمبر {number}"))
    return cases


_OUTSIDE = "leads outside the imported folder"


@_generated
def filesystem(dest: Path) -> list[Case]:
    cases = []
    f = _folder(dest, "symlink_loop_self")
    os.symlink("loop.txt", f / "loop.txt")
    cases.append(_case(f, "symlink pointing to itself", REJECTED, "symbolic link loop",
                       "cannot be followed; reported, never hangs", f / "loop.txt"))
    f = _folder(dest, "symlink_loop_folder")
    (f / "news").mkdir()
    _write(f / "news" / "article.txt", story(4001))
    os.symlink("..", f / "news" / "up")
    cases.append(_case(f, "folder symlink back to its parent", REJECTED, "symbolic link loop",
                       "each folder is entered once; the loop is reported, the rest imported",
                       f, subject=f / "news" / "up", counts=(1, 0, 1)))
    f = _folder(dest, "symlink_to_outside_folder")
    _write(f / "article.txt", story(4009))
    os.symlink(FILES, f / "everything")
    cases.append(_case(f, "folder symlink leading out of the imported folder (as to / or "
                       "$HOME)", REJECTED, _OUTSIDE,
                       "following it would walk the whole disk or import private files",
                       f, subject=f / "everything", counts=(1, 0, 1)))
    f = _folder(dest, "symlink_to_private_file")
    passwd = Path("/etc/passwd")
    os.symlink(passwd, f / "news.txt")
    cases.append(_case(f, "file symlink to /etc/passwd inside an imported folder", REJECTED,
                       _OUTSIDE, "a planted link must not import "
                       "the user's own files", f, subject=f / "news.txt", counts=(0, 0, 1),
                       skip="" if passwd.exists() else "no /etc/passwd"))
    f = _folder(dest, "dangling_symlink")
    os.symlink("nowhere/missing.txt", f / "dangling.txt")
    cases.append(_case(f, "dangling symlink", REJECTED, "broken symbolic link",
                       "nothing to read", f / "dangling.txt"))
    f = _folder(dest, "unreadable_file")
    path = _write(f / "locked.txt", story(4002))
    path.chmod(0)
    as_root = hasattr(os, "geteuid") and os.geteuid() == 0
    cases.append(_case(f, "unreadable file (chmod 000)", REJECTED, "permission denied",
                       "cannot be read; reported", path,
                       skip="running as root, which reads any file whatever its permissions "
                            "(read_error_eio is a read that fails for root too)" if as_root
                       else ""))
    f = _folder(dest, "read_error_eio")
    proc_mem = Path("/proc/self/mem")
    if proc_mem.exists():
        os.symlink(proc_mem, f / "drive_error.txt")
    cases.append(_case(f, "file whose read fails with an I/O error (/proc/self/mem)", REJECTED,
                       "input/output error", "a failing disk looks like this; reported",
                       f / "drive_error.txt", skip="" if proc_mem.exists() else "no /proc",
                       walk_reason=_OUTSIDE))
    f = _folder(dest, "fifo")
    if hasattr(os, "mkfifo"):
        os.mkfifo(f / "feed.txt")
    cases.append(_case(f, "named pipe (FIFO) named .txt", REJECTED, "not a regular file",
                       "opening it would block the import forever", f / "feed.txt",
                       skip="" if hasattr(os, "mkfifo") else "no FIFOs here"))
    f = _folder(dest, "unix_socket")
    skip = ""
    try:
        with socket.socket(socket.AF_UNIX) as sock:
            sock.bind(str(f / "s.txt"))
    except (OSError, AttributeError) as exc:
        skip = f"cannot make a Unix socket here: {exc}"
    cases.append(_case(f, "Unix domain socket named .txt", REJECTED, "not a regular file",
                       "not a file", f / "s.txt", skip=skip))
    f = _folder(dest, "symlink_to_dev_zero")
    os.symlink("/dev/zero", f / "endless.txt")
    cases.append(_case(f, "symlink to /dev/zero", REJECTED, "not a regular file",
                       "an endless device is never read", f / "endless.txt",
                       walk_reason=_OUTSIDE))
    f = _folder(dest, "hidden_file_in_folder")
    _write(f / ".hidden.txt", story(4003))
    _write(f / "visible.txt", story(4004))
    cases.append(_case(f, "hidden file inside an imported folder", SKIPPED, "",
                       "skipped silently, like .git or .DS_Store; named explicitly it is read",
                       f, subject=f / ".hidden.txt", counts=(1, 0, 0)))
    f = _folder(dest, "hard_link")
    _write(f / "a_original.txt", story(4005))
    os.link(f / "a_original.txt", f / "b_hard_link.txt")
    cases.append(_case(f, "the same file twice (hard link)", SKIPPED, "",
                       "one file under two names is read once", f / "a_original.txt",
                       f / "b_hard_link.txt", counts=(1, 0, 0)))
    f = _folder(dest, "duplicate_copy")
    _write(f / "a_original.txt", story(4006))
    shutil.copyfile(f / "a_original.txt", f / "b_copy (1).txt")
    cases.append(_case(f, "duplicate files under different names", DUPLICATE,
                       "this file was imported before", "same bytes: reported as duplicate",
                       f / "a_original.txt", f / "b_copy (1).txt", counts=(1, 1, 0)))
    f = _folder(dest, "duplicate_other_encoding")
    _write(f / "a_utf8.txt", story(4007))
    _write(f / "b_utf16.txt", b"\xff\xfe" + story(4007).encode("utf-16-le"))
    cases.append(_case(f, "the same article in UTF-8 and in UTF-16", DUPLICATE,
                       "the same article is already in the library",
                       "different bytes, same text: reported as duplicate",
                       f / "a_utf8.txt", f / "b_utf16.txt", counts=(1, 1, 0)))
    f = _folder(dest, "deep_folders")
    deep = f.joinpath(*[f"level{i:03d}" for i in range(200)])
    deep.mkdir(parents=True)
    cases.append(_case(f, "article 200 folders deep", IMPORTED, "",
                       "folders are walked without recursion", f,
                       subject=_write(deep / "article.txt", story(4008)),
                       contains="علاقہ نمبر 4008"))
    return cases


# --------------------------------------------------------------------------- the corpus


# The generated cases' names, in build order, so tests can be parametrised without building.
_GENERATED_NAMES = (
    "text_50mb", "long_single_line", "line_over_article_limit", "many_short_lines",
    "single_token_1m", "json_deeply_nested", "html_deep_nesting", "html_deep_nesting_no_text",
    "html_huge_text_node", *(row[0] for row in _NAMES), "symlink_loop_self",
    "symlink_loop_folder", "symlink_to_outside_folder", "symlink_to_private_file",
    "dangling_symlink", "unreadable_file", "read_error_eio", "fifo",
    "unix_socket", "symlink_to_dev_zero", "hidden_file_in_folder", "hard_link",
    "duplicate_copy", "duplicate_other_encoding", "deep_folders",
)


def case_names(tiny_files: int = 1000) -> list[str]:
    """The names `build_corpus(dest, tiny_files=...)` will return, without writing anything."""
    return ([row[0] for row in _STATIC] + list(_GENERATED_NAMES)
            + ([f"tiny_files_{tiny_files}"] if tiny_files else []))


def build_corpus(dest: Path, *, tiny_files: int = 1000) -> list[Case]:
    """Write every case into `dest` (which must be empty or missing) and return them."""
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    cases: list[Case] = []
    for name, file_name, outcome, reason, kind, why, extra in _STATIC:
        folder = _folder(dest, name)
        path = folder / file_name
        shutil.copyfile(FILES / file_name, path)
        cases.append(_case(folder, kind, outcome, reason, why, path, **extra))
    for build in _GENERATED:
        made = build(dest)
        cases.extend(made if isinstance(made, list) else [made])
    if tiny_files:
        cases.append(build_tiny_files(dest, tiny_files))
    assert [c.name for c in cases] == case_names(tiny_files), "update _GENERATED_NAMES"
    assert len({c.name for c in cases}) == len(cases), "case names must be unique"
    assert all(c.outcome in OUTCOMES for c in cases)
    return cases


def _main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    for case in build_corpus(Path(argv[0])):
        print(f"{case.name:32} {case.outcome:22} {case.reason}")
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
