"""Reading record files from outside in bounded memory: JSON, JSON Lines, any byte stream.

:func:`read_records` turns a binary stream (a file, a pipe, a FIFO, standard input) into
:class:`Record` values, one per JSON Lines line or per item of a JSON array (or one for a
single JSON document). Every problem of the text becomes an :class:`~sozialraum.errors.Issue`
of that record, and reading goes on with the next one:

* JSON Lines are read in chunks, never a whole line at once: a line longer than
  ``max_record_size`` bytes is skipped (``record.too_large``) without being held in memory;
* a JSON document is read up to ``max_record_size`` bytes; a larger one is one
  ``record.too_large`` issue;
* the JSON text itself is parsed by :func:`sozialraum._json.loads` (duplicate keys, a depth
  limit, a leading byte-order mark, encoding errors).

A file holding nothing but white space (or only a byte-order mark) has no records.

>>> import io
>>> [(r.line, r.document, r.issues) for r in read_records(io.BytesIO(b'{"a": 1}\\n\\n[2]\\n'),
...                                                       lines=True)]
[(1, {'a': 1}, ()), (3, [2], ())]
>>> (record,) = read_records(io.BytesIO(b"x" * 100), lines=True, max_record_size=10)
>>> record.line, record.issues[0].code
(1, 'record.too_large')
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import IO, Any

import attrs

from . import messages
from ._json import MAX_DEPTH, loads, too_deep
from .errors import Issue, ValidationError

__all__ = ["CHUNK_SIZE", "MAX_RECORD_SIZE", "Record", "read_file", "read_records"]

#: The default largest record (one JSON Lines line, or one JSON document) read: 16 MiB.
MAX_RECORD_SIZE = 16 * 1024 * 1024

#: How many bytes are read from the stream at a time.
CHUNK_SIZE = 64 * 1024

TOO_LARGE = messages.define(
    "record.too_large", "the record is larger than the limit of {limit} bytes; it was skipped"
)
UNREADABLE = messages.define("file.unreadable", "the file cannot be read ({reason})")

_BOM = b"\xef\xbb\xbf"
_WHITE = b" \t\r\n"
_WHITE_BYTES = frozenset(_WHITE)


@attrs.frozen(slots=True)
class Record:
    """One record read from a file: where it starts, its data, and the problems of its text.

    :param line: the line number (from 1) the record starts on.
    :param document: the parsed JSON data, ``None`` when the text could not be read.
    :param issues: the problems of the text (not of the data).
    :param readable: whether ``document`` holds the data (also when a key appeared twice:
        then the last value is kept, as JSON parsers do, and the data can still be checked).
    """

    line: int
    document: Any = attrs.field(repr=False)
    issues: tuple[Issue, ...] = ()
    readable: bool = True


def read_records(
    stream: IO[bytes], *, lines: bool, max_record_size: int = MAX_RECORD_SIZE
) -> Iterator[Record]:
    """The records of a binary ``stream``, read in bounded memory.

    :param lines: read the stream as JSON Lines (one record per non-blank line); otherwise
        it holds one JSON document, whose items are the records when it is an array.
    :param max_record_size: the largest record in bytes (a line without its line break, or
        the whole document).
    """
    if lines:
        for number, raw in _lines(stream, max_record_size):
            if raw is None:
                yield _too_large(number, max_record_size)
            elif raw and (raw[0] not in _WHITE_BYTES or raw.strip(_WHITE)):  # no copy unless
                yield _parse(number, raw, "this line")  # the line starts with white space
        return
    raw = _read_at_most(stream, max_record_size + 1)
    if len(raw) > max_record_size:
        yield _too_large(1, max_record_size)
        return
    if raw.startswith(_BOM):
        raw = raw[len(_BOM) :]
    if not raw.strip(_WHITE):
        return
    yield from _document(raw)


def read_file(
    open_stream: Callable[[], IO[bytes]],
    *,
    lines: bool,
    max_record_size: int = MAX_RECORD_SIZE,
    close: bool = True,
) -> Iterator[Record]:
    """The records of the stream ``open_stream()`` returns (see :func:`read_records`); a
    stream that cannot be opened or read is one ``file.unreadable`` record, and the stream
    is closed at the end unless ``close`` is false (standard input)."""
    try:
        stream = open_stream()
    except OSError as exc:
        yield _unreadable(exc)
        return
    try:
        yield from read_records(stream, lines=lines, max_record_size=max_record_size)
    except OSError as exc:
        yield _unreadable(exc)
    finally:
        if close:
            stream.close()


def _unreadable(exc: OSError) -> Record:
    issue = Issue.of("", UNREADABLE, reason=exc.strerror or type(exc).__name__)
    return Record(1, None, (issue,), readable=False)


def _read_at_most(stream: IO[bytes], size: int) -> bytes:
    parts: list[bytes] = []
    left = size
    read = getattr(stream, "read1", stream.read)
    while left > 0:
        block = read(min(left, CHUNK_SIZE))
        if not block:
            break
        parts.append(block)
        left -= len(block)
    return b"".join(parts)


def _lines(stream: IO[bytes], limit: int) -> Iterator[tuple[int, bytes | None]]:
    """``(line number, line bytes)`` of each line; ``None`` for a line over ``limit``."""
    read = getattr(stream, "read1", stream.read)
    number = 1
    parts: list[bytes] = []
    size = 0
    over = pending = False
    first = True
    while True:
        block = read(CHUNK_SIZE)
        if not block:
            break
        if first:
            first = False
            if block.startswith(_BOM):
                block = block[len(_BOM) :]
        start = 0
        while True:
            newline = block.find(b"\n", start)
            if newline >= 0 and not pending:  # the whole line lies in this block
                piece = block[start:newline]
                yield number, None if len(piece) > limit else piece
                number += 1
                start = newline + 1
                continue
            piece = block[start:] if newline < 0 else block[start:newline]
            if piece:
                pending = True
                if not over:
                    if size + len(piece) > limit:
                        over = True
                        parts = []
                    else:
                        parts.append(piece)
                        size += len(piece)
            if newline < 0:
                break
            yield number, None if over else b"".join(parts)
            number += 1
            parts, size, over, pending = [], 0, False, False
            start = newline + 1
    if pending:
        yield number, None if over else b"".join(parts)


def _too_large(line: int, limit: int) -> Record:
    return Record(line, None, (Issue.of("", TOO_LARGE, limit=limit),), readable=False)


def _parse(line: int, raw: bytes | str, what: str) -> Record:
    try:
        return Record(line, loads(raw, what=what))
    except ValidationError as err:
        if all(i.code == "json.duplicate_key" for i in err.issues):
            # valid JSON within the depth limit: keep the data (last value wins) to check it
            return Record(line, json.loads(raw), err.issues)
        return Record(line, None, err.issues, readable=False)


def _document(raw: bytes) -> Iterator[Record]:
    """The records of one JSON document: its items (each with its line) if it is an array."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        yield _parse(1, raw, "the file")  # reports json.encoding
        return
    start = len(text) - len(text.lstrip())
    if not text.startswith("[", start) or too_deep(text, MAX_DEPTH + 1):
        yield _parse(text.count("\n", 0, start) + 1, text, "the file")
        return
    whole = _parse(1, text, "the file")
    if not whole.readable:
        yield whole  # not JSON at all: one issue for the file
        return
    yield from _items(text, start + 1)


def _items(text: str, at: int) -> Iterator[Record]:
    """Each item of the (valid) JSON array starting before ``at``, parsed on its own."""
    decoder = json.JSONDecoder()
    line = 1 + text.count("\n", 0, at)
    counted = at
    ws = " \t\r\n"
    while True:
        while at < len(text) and text[at] in ws:
            at += 1
        if at >= len(text) or text[at] == "]":
            return
        _, end = decoder.raw_decode(text, at)
        line += text.count("\n", counted, at)
        counted = at
        yield _parse(line, text[at:end], "this item")
        at = end
        while at < len(text) and text[at] in ws:
            at += 1
        if at < len(text) and text[at] == ",":
            at += 1
