"""A whoosh segment writer for batches of new articles: postings are grouped by term with
numpy and serialised a term at a time, never handled one posting at a time in Python.

Why: whoosh's `SegmentWriter` moves every posting through Python one at a time, four times
over: the field yields a tuple, the writer adds it to a pool, the pool sorts them, and the
codec's field writer takes them back one by one with a per-posting length look-up. With
~750 postings an article (~270 distinct words, ~480 word-pair buckets) that was ~6 ms of CPU
an article, the largest single cost of an import (a 10k rebuild: 62 s of CPU).

Here an article arrives as its key sequence (`text.keyseq`: match keys, a line per
paragraph, line 0 the title). Its words become numbers in a dictionary kept for the batch;
at commit the batch's (term, document) pairs are counted and sorted with numpy for the
`title` and `body` fields, and the word-pair buckets of the `pairs` field are computed from
per-word hashes the same way (`analysis.pair_buckets` is the one-at-a-time definition).
Each term's posting list is then written in whoosh3's block format by `_TermWriter`: the
codec's own layout (delta-coded ids, minified weights, pickled and, past 80 bytes,
zlib-compressed blocks, block statistics, `W3TermInfo` bytes in the ordered term table).
Per-document data (stored fields, field lengths) goes through the codec's `W3PerDocWriter`
with exactly the calls whoosh makes. The result is the segment whoosh writes for the same
documents, byte for byte (tests write the same articles both ways and compare every file of
the segment), so whoosh, the stored lists and the numpy evaluator read it as before.

Only new documents: replacing or deleting needs whoosh's own writer. The write lock, the
table of contents, the compound file and merge policies are `SegmentWriter`'s.
"""
from __future__ import annotations

import struct
import zlib
from array import array
from pickle import dumps
from typing import Any

import numpy as np
from whoosh.codec.whoosh3 import COMPRESSION_MIN_SIZE, WHOOSH3_HEADER_MAGIC, W3FieldWriter
from whoosh.system import pack_int, pack_long, pack_ushort
from whoosh.util.numeric import _length_byte_cache, byte_to_length, length_to_byte
from whoosh.writing import SegmentWriter

_TERMINFO = struct.Struct("!BfIBBfII")  # W3TermInfo's header
_LENGTHS = struct.Struct("!ii")  # HashWriter: key and value lengths before each entry
_PAIR_MULT = 0x9E3779B1
_LENGTH_TABLE = np.asarray(_length_byte_cache, dtype=np.int64)
CHUNK_POSTINGS = 1 << 18  # postings turned into Python lists at a time (see _TermWriter)


def _quantised(length: int) -> int:
    """A field length as whoosh reads it back from the segment's one-byte length column,
    which is what its own writer gives the codec with each posting."""
    return byte_to_length(length_to_byte(length)) if length else 0


class KeyedFields:
    """Names of the schema's fields that are derived from an article's key sequence."""

    def __init__(self, title: str, body: str, pairs: str, pair_bits: int):
        self.title, self.body, self.pairs = title, body, pairs
        self.pair_mask = (1 << pair_bits) - 1


class BatchSegmentWriter(SegmentWriter):
    """A `SegmentWriter` that adds articles given as key sequences (`add_keyed`) and writes
    their postings in bulk at commit (see the module's docstring)."""

    def __init__(self, ix: Any, keyed: KeyedFields, **kwargs: Any):
        super().__init__(ix, **kwargs)
        self.keyed = keyed
        self._words: dict[str, int] = {}  # match key -> word number in this batch
        self._tokens = array("i")  # word numbers of every line of every article, in order
        self._line_lengths = array("i")  # words per line
        self._doc_lines = array("i")  # lines per article
        self._title_lengths = array("i")  # words in each article's title line
        # plain fields (ids, dates, the source's words): field -> term -> (docnums, freqs)
        self._plain: dict[str, dict[bytes, tuple[list[int], list[int]]]] = {}
        self._plain_lengths: dict[str, dict[int, int]] = {}

    def add_document(self, **fields: Any) -> None:  # pragma: no cover - guarded use
        raise NotImplementedError("BatchSegmentWriter adds articles with add_keyed")

    def update_document(self, **fields: Any) -> None:  # pragma: no cover - guarded use
        raise NotImplementedError("BatchSegmentWriter only adds new documents")

    def add_keyed(self, keys: str, **fields: Any) -> None:
        """Add one article: `keys` its key sequence (line 0 the title), `fields` its other
        field values (id, date, …) as whoosh's `add_document` takes them."""
        self._check_state()
        kf = self.keyed
        words = self._words
        lines = keys.split("\n")
        n_title = n_body = 0
        for i, line in enumerate(lines):
            toks = line.split()
            for w in dict.fromkeys(toks):
                if w not in words:
                    words[w] = len(words)
            self._tokens.extend(map(words.__getitem__, toks))
            self._line_lengths.append(len(toks))
            n_body += len(toks)
            if i == 0:
                n_title = len(toks)
        self._doc_lines.append(len(lines))
        self._title_lengths.append(n_title)

        schema = self.schema
        docnum = self.docnum
        names = sorted({kf.title, kf.body, kf.pairs} | {n for n in fields if n[:1] != "_"})
        self._check_fields(schema, names)
        pdw = self.perdocwriter
        pdw.start_doc(docnum)
        for name in names:  # the calls whoosh's add_document makes, in its order
            field = schema[name]
            if field.vector or field.separate_spelling() or field.column_type:
                raise NotImplementedError(f"field {name!r}: vectors, spelling and columns "
                                          "are not written by BatchSegmentWriter")
            if name == kf.title or name == kf.body:
                length = n_title if name == kf.title else n_body
                pdw.add_field(name, field, None, length if field.scorable else 0)
                continue
            if name == kf.pairs:
                pdw.add_field(name, field, None, 0)
                continue
            value = fields.get(name)
            if value is None:
                continue
            length = 0
            if field.indexed:
                boost = field.format.field_boost
                terms = self._plain.setdefault(name, {})
                for tbytes, freq, weight, vbytes in field.index(value):
                    if weight != freq * boost or vbytes != _value_bytes(field, freq):
                        raise NotImplementedError(f"field {name!r}: weights or values that "
                                                  "are not its frequency")
                    if field.scorable:
                        length += freq
                    post = terms.get(tbytes)
                    if post is None:
                        terms[tbytes] = ([docnum], [freq])
                    else:
                        post[0].append(docnum)
                        post[1].append(freq)
                if length:
                    self._plain_lengths.setdefault(name, {})[docnum] = _quantised(length)
            pdw.add_field(name, field, value if field.stored else None, length)
        pdw.finish_doc()
        self._added = True
        self.docnum += 1

    # ------------------------------------------------------------------ the segment
    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        fw = self.fieldwriter
        assert isinstance(fw, W3FieldWriter), "written for whoosh3's codec"
        kf = self.keyed
        fields = {}
        ndocs = self.docnum - self.docbase
        if ndocs and kf.body in self.schema:
            fields.update(self._keyed_postings(ndocs))
        for name, terms in self._plain.items():
            fields[name] = lambda terms=terms, name=name: _plain_postings(
                terms, self._plain_lengths.get(name))
        for name in sorted(fields):
            postings = fields[name]()
            if postings is not None and postings[0]:  # (whoosh starts no empty field)
                _TermWriter(fw, name, self.schema[name]).write(*postings)
        fw.close()
        self._tokens = array("i")
        self._plain = {}

    def _keyed_postings(self, ndocs: int) -> dict:
        """Lazy postings of the title, body and pairs fields (one built at a time). Arrays a
        token long are int32 where the numbers fit (the words of a batch, its articles), so
        a 40,000-article segment's ~20 million tokens cost tens of MB, not hundreds."""
        kf = self.keyed
        tokens = np.frombuffer(self._tokens, dtype=np.int32)
        line_lengths = np.frombuffer(self._line_lengths, dtype=np.int32)
        doc_lines = np.frombuffer(self._doc_lines, dtype=np.int32)
        vocab = list(self._words)
        order = sorted(range(len(vocab)), key=vocab.__getitem__)
        rank = np.empty(len(vocab), dtype=np.int32)
        rank[order] = np.arange(len(vocab), dtype=np.int32)
        terms = [vocab[i].encode("utf-8") for i in order]
        del vocab, order
        line_doc = np.repeat(np.arange(ndocs, dtype=np.int32), doc_lines)
        tok_doc = np.repeat(line_doc, line_lengths)
        del line_doc
        tok_rank = rank[tokens]
        body_len = np.bincount(tok_doc, minlength=ndocs)
        title_len = np.frombuffer(self._title_lengths, dtype=np.int32).astype(np.int64)

        def postings(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
            """(run starts, docs) of sorted `keys` = term rank × ndocs + doc."""
            ranks, docs = np.divmod(keys, ndocs)
            return ranks, _starts(ranks), docs

        def counted(mask: np.ndarray | None, lengths: np.ndarray):  # type: ignore[no-untyped-def]
            r, d = (tok_rank, tok_doc) if mask is None else (tok_rank[mask], tok_doc[mask])
            keys = r.astype(np.int64)
            keys *= ndocs
            keys += d
            del r, d
            keys, freqs = _counted(keys)
            ranks, starts, docs = postings(keys)
            del keys
            used = [terms[i] for i in ranks[starts[:-1]].tolist()]
            return used, starts, docs, freqs, _quantise(lengths)[docs]

        def title():  # type: ignore[no-untyped-def]
            first_line = np.zeros(len(line_lengths), dtype=bool)
            first_line[np.cumsum(doc_lines) - doc_lines] = True
            return counted(np.repeat(first_line, line_lengths), title_len)

        def pairs():  # type: ignore[no-untyped-def]
            word_hash = np.fromiter((zlib.crc32(t) for t in terms), dtype=np.uint64,
                                    count=len(terms))
            tok_line = np.repeat(np.arange(len(line_lengths), dtype=np.int32), line_lengths)
            same = tok_line[:-1] == tok_line[1:]  # (pairs never span a paragraph)
            del tok_line
            first = word_hash[tok_rank[:-1][same]]
            first *= np.uint64(_PAIR_MULT)
            first ^= word_hash[tok_rank[1:][same]]
            first &= np.uint64(kf.pair_mask)
            buckets = first.astype(np.int64)
            del first
            present = np.flatnonzero(np.bincount(buckets, minlength=kf.pair_mask + 1))
            names = [format(b, "x").encode("ascii") for b in present.tolist()]
            by_name = sorted(range(len(names)), key=names.__getitem__)
            brank = np.zeros(kf.pair_mask + 1, dtype=np.int64)
            brank[present[by_name]] = np.arange(len(names))
            keys = brank[buckets]
            del buckets
            keys *= ndocs
            keys += tok_doc[:-1][same]
            keys = _counted(keys)[0]
            ranks, starts, pdocs = postings(keys)
            del keys
            used = [names[by_name[i]] for i in ranks[starts[:-1]].tolist()]
            return used, starts, pdocs, np.ones(len(pdocs), dtype=np.int64), None

        out = {kf.body: lambda: counted(None, body_len)}
        if kf.title in self.schema:
            out[kf.title] = title
        if kf.pairs in self.schema:
            out[kf.pairs] = pairs
        return out


def _value_bytes(field: Any, freq: int) -> bytes:
    size = field.format.fixed_value_size()
    return struct.pack("!I", freq) if size == 4 else b""


def _counted(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct values of `keys`, sorted, and how often each occurs (`np.unique` with
    counts, by a plain sort: numpy's hashing path was several times slower here). Sorts
    `keys` in place."""
    keys.sort()
    if not len(keys):
        return keys, np.zeros(0, dtype=np.int64)
    cuts = np.flatnonzero(keys[1:] != keys[:-1]) + 1
    firsts = np.concatenate(([0], cuts))
    return keys[firsts], np.diff(np.concatenate((firsts, [len(keys)])))


def _starts(ranks: np.ndarray) -> np.ndarray:
    """Start offsets of each run of equal values in sorted `ranks`, and the end."""
    if not len(ranks):
        return np.zeros(1, dtype=np.int64)
    cuts = np.flatnonzero(ranks[1:] != ranks[:-1]) + 1
    return np.concatenate(([0], cuts, [len(ranks)])).astype(np.int64)


def _quantise(lengths: np.ndarray) -> np.ndarray:
    """`_quantised` of an array of field lengths (whoosh's length byte, read back)."""
    lengths = np.asarray(lengths, dtype=np.int64)
    byte = np.searchsorted(_LENGTH_TABLE, lengths, side="left")
    out = _LENGTH_TABLE[np.minimum(byte, 255)]
    out[lengths >= 106374] = _LENGTH_TABLE[255]
    out[lengths == 0] = 0
    return out


def _plain_postings(terms: dict[bytes, tuple[list[int], list[int]]],
                    lengths: dict[int, int] | None):  # type: ignore[no-untyped-def]
    if not terms:
        return None
    names = sorted(terms)
    docs: list[int] = []
    freqs: list[int] = []
    starts = [0]
    for t in names:
        d, f = terms[t]
        docs.extend(d)
        freqs.extend(f)
        starts.append(len(docs))
    lens = None if lengths is None else np.array([lengths.get(d, 0) for d in docs],
                                                 dtype=np.int64)
    return (names, np.array(starts, dtype=np.int64), np.array(docs, dtype=np.int64),
            np.array(freqs, dtype=np.int64), lens)


class _TermWriter:
    """Writes one field's posting lists and term entries in whoosh3's format, what
    `W3FieldWriter` + `W3PostingsWriter` write for the same postings (see their source:
    blocks of `blocklimit` postings, each `[int length][pickled info][pickled data]`, the
    last one with a negative length, the first after a magic header)."""

    def __init__(self, fw: W3FieldWriter, name: str, field: Any):
        self.fw = fw
        self.name = name
        self.field = field
        codec = fw._codec
        self.blocklimit = codec._blocklimit
        self.compression = codec._compression
        if codec._inlinelimit > 1:
            raise NotImplementedError("inlined postings are not written here")

    def write(self, terms: list[bytes], starts: np.ndarray, docs: np.ndarray,
              freqs: np.ndarray, lengths: np.ndarray | None) -> None:
        fw, field = self.fw, self.field
        fw.start_field(self.name, field)
        prefix = pack_ushort(fw._fieldid)
        fmt = field.format
        boost = fmt.field_boost
        fixed = fmt.fixed_value_size()
        if fixed not in (0, 4):
            raise NotImplementedError(f"posting values of {fixed} bytes")
        limit = self.blocklimit
        n = len(docs)
        # ids are delta-coded within each block, from 0 at the block's start
        pos = np.arange(n, dtype=np.int64) - np.repeat(starts[:-1], np.diff(starts))
        delta = np.diff(docs, prepend=0)
        block_start = pos % limit == 0
        delta[block_start] = docs[block_start]
        del pos, block_start
        # the length byte of each posting's document (min/max of bytes = bytes of min/max)
        lbytes = (np.searchsorted(_LENGTH_TABLE, lengths)
                  if lengths is not None and field.scorable else None)
        # weights of a block whose postings all have frequency f (float32, as whoosh keeps them)
        uniform = {f: (None if w == 1.0 else w) for f, w in
                   zip(range(1, 256), array("f", [f * boost for f in range(1, 256)]))}
        comp_level = self.compression
        postfile = fw._postfile
        tindex = fw._tindex
        pst = bytearray()
        pst_base = postfile.tell()
        trm = bytearray()
        trm_base = tindex.dbfile.tell()
        all_starts = starts.tolist()
        t_end = 0
        while t_end < len(terms):
            # Postings become Python lists a chunk of terms at a time: whole, a large
            # segment's lists took gigabytes (a 40k-article rewrite peaked at 4.6 GB)
            t_begin = t_end
            t_end = max(t_begin + 1, int(np.searchsorted(
                starts, starts[t_begin] + CHUNK_POSTINGS, side="right")) - 1)
            t_end = min(t_end, len(terms))
            base, top = all_starts[t_begin], all_starts[t_end]
            st = [x - base for x in all_starts[t_begin:t_end + 1]]
            deltas = delta[base:top].tolist()
            dl = docs[base:top].tolist()
            fl = freqs[base:top].tolist()
            lb = lbytes[base:top].tolist() if lbytes is not None else None
            values = freqs[base:top].astype(">u4").tobytes() if fixed == 4 else b""
            pst, pst_base, trm, trm_base = self._terms(
                terms, t_begin, t_end, st, deltas, dl, fl, lb, values, fixed, boost, limit,
                uniform, comp_level, prefix, pst, pst_base, trm, trm_base)
        postfile.write(bytes(pst))
        tindex.dbfile.write(bytes(trm))
        if terms:
            tindex.lastkey = prefix + terms[-1]
        fw.finish_field()

    def _terms(self, terms, t_begin, t_end, st, deltas, dl, fl, lb,  # type: ignore[no-untyped-def]
               values, fixed, boost, limit, uniform, comp_level, prefix, pst, pst_base, trm,
               trm_base):
        """Terms t_begin..t_end: their postings (lists, from offset 0) into the buffers."""
        postfile = self.fw._postfile
        tindex = self.fw._tindex
        hashfn, buckets, index = tindex.hashfn, tindex.buckets, tindex.index
        pack_info, pack_len, pack_head = _TERMINFO.pack, _LENGTHS.pack, pack_int
        for t in range(t_begin, t_end):
            s, e = st[t - t_begin], st[t - t_begin + 1]
            term_start = pst_base + len(pst)
            pst += WHOOSH3_HEADER_MAGIC
            tf = fl[s:e]
            minb = maxb = 0
            for b in range(s, e, limit):
                be = e if e - b <= limit else b + limit
                fs = tf if be - b == e - s else fl[b:be]
                count = be - b
                first = fs[0]
                if fs.count(first) == count:
                    weights = uniform[first] if first in uniform else _f32(first * boost)
                else:
                    weights = tuple(array("f", [f * boost for f in fs]))
                data = dumps((tuple(deltas[b:be]), weights,
                              values[4 * b:4 * be] if fixed else None), 2)
                comp = comp_level if len(data) >= COMPRESSION_MIN_SIZE else 0
                if comp:
                    data = zlib.compress(data, comp)
                if lb is not None:
                    ls = lb[b:be]
                    bmin, bmax = min(ls), max(ls)
                    minb = bmin if b == s else min(minb, bmin)
                    maxb = max(maxb, bmax)
                else:
                    bmin = bmax = 0
                info = dumps((count, dl[be - 1], max(0, max(fs) * boost), comp, bmin, bmax), 2)
                size = len(info) + len(data)
                pst += pack_head(-size if be == e else size)
                pst += info
                pst += data
            value = pack_info(0, sum(tf) * boost, e - s, minb, maxb, max(0, max(tf) * boost),
                              dl[s], dl[e - 1])
            value += pack_long(term_start) + pack_head(pst_base + len(pst) - term_start)
            key = prefix + terms[t]
            at = trm_base + len(trm)
            index.append(at)
            trm += pack_len(len(key), len(value))
            trm += key
            trm += value
            h = hashfn(key)
            buckets[h & 255].append((h, at))
            if len(pst) > 1 << 22:
                postfile.write(bytes(pst))
                pst_base, pst = pst_base + len(pst), bytearray()
            if len(trm) > 1 << 22:
                tindex.dbfile.write(bytes(trm))
                trm_base, trm = trm_base + len(trm), bytearray()
        return pst, pst_base, trm, trm_base


def _f32(x: float) -> float:
    return array("f", [x])[0]
