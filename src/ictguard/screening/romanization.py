"""German, French and Polish romanizations of Russian names, rewritten towards BGN/PCGN (romanizations.yaml).

The lists print a Russian firm in English or BGN/PCGN-like spellings; German, French and Polish sources write
the same letters otherwise (в w, ш sch/ch/sz, х ch/kh, у ou). Each scheme's rewrite of a query is one more
spelling to compare; it is worth comparing only when a word it changed is a word the list index knows.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rigour.text import ascii_text

from ictguard.errors import DataFileError
from ictguard.screening.datafiles import DATA_DIR, check_keys, load_yaml

_WORD = re.compile(r"[a-z]+")
MIN_WORD = 5  # shorter rewritten words ("dts", "zeta") are too often other names' words
_LAST_LATIN = 0x24F  # Latin Extended-B: accented letters ("Soukhoï", "Kałasznikow") are still Latin


@dataclass(frozen=True)
class Scheme:
    name: str
    rewrites: tuple[tuple[re.Pattern[str], str], ...]

    def apply(self, text: str) -> str:
        for pattern, replacement in self.rewrites:
            text = pattern.sub(replacement, text)
        return text


@lru_cache(maxsize=1)
def load_romanizations(data_dir: Path = DATA_DIR) -> tuple[Scheme, ...]:
    path = data_dir / "romanizations.yaml"
    doc = check_keys(load_yaml(path), path, {"schemes"}, {"letters"})
    schemes = []
    for name, entry in doc["schemes"].items():
        if name == "__line__":
            continue
        entry = check_keys(entry, path, {"source", "rewrites"})
        if not str(entry["source"]).strip():
            raise DataFileError("expected a citation", file=path, line=entry["__line__"], field="source")
        rewrites = []
        for pair in entry["rewrites"]:
            if not (isinstance(pair, list) and len(pair) == 2):
                raise DataFileError("expected [pattern, replacement]", file=path, line=entry["__line__"], field=name)
            try:
                rewrites.append((re.compile(str(pair[0])), str(pair[1])))
            except re.error as exc:
                line = entry["__line__"]
                raise DataFileError(f"bad pattern {pair[0]!r}: {exc}", file=path, line=line, field=name) from exc
        schemes.append(Scheme(str(name), tuple(rewrites)))
    return tuple(schemes)


@lru_cache(maxsize=1)
def load_letters(data_dir: Path = DATA_DIR) -> dict[int, str]:
    """ISO 9 / scholarly letters (š, č, ž …) -> the BGN/PCGN digraph they stand for (romanizations.yaml)."""
    path = data_dir / "romanizations.yaml"
    entry = load_yaml(path).get("letters")
    if entry is None:
        return {}
    entry = check_keys(entry, path, {"source", "map"})
    if not str(entry["source"]).strip():
        raise DataFileError("expected a citation", file=path, line=entry["__line__"], field="source")
    table = {str(k): str(v) for k, v in entry["map"].items() if k != "__line__"}
    if any(len(k) != 1 for k in table):
        raise DataFileError("expected single letters", file=path, line=entry["__line__"], field="map")
    return {ord(k): v for k, v in table.items()} | {ord(k.upper()): v for k, v in table.items()}


_REWRITTEN: dict[str, tuple[str, ...]] = {}  # word -> its rewrite by each scheme: words recur across names
_REWRITTEN_MAX = 1 << 16


def _word_rewrites(words: list[str]) -> list[tuple[str, ...]]:
    """Each of ``words`` as each scheme rewrites it, in scheme order. New words go through a scheme together,
    joined by spaces (no rewrite reads or writes a space, and a space stands where a word boundary did), so a
    name costs each scheme's rewrites once, not once per word."""
    found = {w: r for w in dict.fromkeys(words) if (r := _REWRITTEN.get(w)) is not None}
    new = [w for w in dict.fromkeys(words) if w not in found]
    if new:
        by_scheme = [scheme.apply(" ".join(new)).split(" ") for scheme in load_romanizations()]
        if all(len(rewritten) == len(new) for rewritten in by_scheme):
            found.update((word, tuple(rewritten[i] for rewritten in by_scheme)) for i, word in enumerate(new))
        else:  # a rewrite that joined or split words: one word at a time
            found.update((word, tuple(scheme.apply(word) for scheme in load_romanizations())) for word in new)
        if len(_REWRITTEN) > _REWRITTEN_MAX:  # (a plain dict: other threads only ever miss a word)
            _REWRITTEN.clear()
        _REWRITTEN.update((w, found[w]) for w in new)
    return [found[w] for w in words]


def romanized_spellings(name: str, known: Callable[[str], bool]) -> tuple[str, ...]:
    """``name`` rewritten by each scheme, word by word: a word ``known`` to the list index stays; an unknown one
    is replaced by its rewrite when that is a known word of ``MIN_WORD`` letters or more. Only the spellings in
    which some word was replaced."""
    if not name.isascii():
        if any(c.isalpha() and ord(c) > _LAST_LATIN for c in name):
            return ()  # another script: spellings.py and the curated names handle it
        name = ascii_text(name.translate(load_letters()))  # "Mašino…" -> "mashino…", then other accents off
    words = _WORD.findall(name.lower())
    unknown = [w for w in dict.fromkeys(words) if len(w) >= MIN_WORD - 1 and not known(w)]
    if not unknown:
        return ()
    out: list[str] = []
    rewrites = _word_rewrites(unknown)
    for position in range(len(load_romanizations())):
        replaced = {}
        for word, by_scheme in zip(unknown, rewrites, strict=True):
            rewritten = by_scheme[position]
            if rewritten != word and len(rewritten) >= MIN_WORD and known(rewritten):
                replaced[word] = rewritten
        if replaced:
            spelling = " ".join(replaced.get(w, w) for w in words)
            if spelling not in out:
                out.append(spelling)
    return tuple(out)
