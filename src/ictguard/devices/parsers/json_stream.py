"""The items of a top-level JSON array read from a file as it goes (nfdump -o json can be gigabytes).

The same items, the same lines and the same errors as bom.json_array_items over the whole file, holding only
the item being decoded (a chunk or two) in memory. An item is decoded once the text read so far holds all of
it; one still incomplete after MAX_ITEM characters is malformed, as the whole-file reader would say.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterator
from typing import Any, BinaryIO

from ictguard.devices.parsers.bom import _skip
from ictguard.errors import DeviceInputError

CHUNK = 1 << 20
MAX_ITEM = 64 << 20


class NotAnArray(Exception):
    """The document does not start with '[': the whole-file reader names the problem."""


class _Text:
    """Decoded text from the handle; ``line`` is the line ``text[0]`` is on."""

    def __init__(self, handle: BinaryIO, file: str) -> None:
        self.handle, self.file = handle, file
        self.decoder = codecs.getincrementaldecoder("utf-8-sig")()
        self.text, self.line, self.eof = "", 1, False

    def fill(self) -> bool:
        """Read one more chunk; False at the end of the file."""
        if self.eof:
            return False
        chunk = self.handle.read(CHUNK)
        self.eof = not chunk
        try:
            self.text += self.decoder.decode(chunk, final=self.eof)
        except UnicodeDecodeError as exc:
            raise DeviceInputError("not UTF-8 text", file=self.file) from exc
        return True

    def drop(self, at: int) -> None:
        """Forget the text before ``at`` (counting its lines)."""
        self.line += self.text.count("\n", 0, at)
        self.text = self.text[at:]

    def skip(self, at: int) -> int:
        """The position after the JSON whitespace at ``at``, reading on as needed."""
        while True:
            at = _skip(self.text, at)
            if at < len(self.text) or not self.fill():
                return at

    def line_at(self, at: int) -> int:
        return self.line + self.text.count("\n", 0, at)


def array_items(handle: BinaryIO, file: str) -> Iterator[tuple[int, Any]]:
    """(line, item) for each item of the array in ``handle``; NotAnArray before any item when there is none."""
    text = _Text(handle, file)
    decoder = json.JSONDecoder()
    at = text.skip(0)
    if text.text[at : at + 1] != "[":
        raise NotAnArray
    at, first = text.skip(at + 1), True
    while True:
        text.drop(at)
        if text.text[:1] == "]" and first:
            return
        while True:
            try:
                value, end = decoder.raw_decode(text.text, 0)
            except json.JSONDecodeError as exc:
                if len(text.text) < MAX_ITEM and text.fill():
                    continue
                raise DeviceInputError(
                    f"malformed JSON: {exc.msg}", file=file, line=text.line + exc.lineno - 1
                ) from exc
            except RecursionError as exc:
                raise DeviceInputError("JSON nested too deeply", file=file, line=text.line) from exc
            if end < len(text.text) or not text.fill():  # a number at the end of the text may go on
                break
        yield text.line, value
        first = False
        at = text.skip(end)
        mark = text.text[at : at + 1]
        if mark == ",":
            at = text.skip(at + 1)
        elif mark == "]":
            where = text.line_at(at)
            text.drop(at + 1)
            while not text.text.strip():
                text.text = ""
                if not text.fill():
                    return
            raise DeviceInputError("text after the JSON array", file=file, line=where)
        else:
            raise DeviceInputError("malformed JSON: expected ',' or ']'", file=file, line=text.line_at(at))
