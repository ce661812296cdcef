"""German, French and Polish romanizations of Russian names, rewritten towards BGN/PCGN (romanizations.yaml).

The lists print a Russian firm in English or BGN/PCGN-like spellings; German, French and Polish sources write
the same letters otherwise (в w, ш sch/ch/sz, х ch/kh, у ou). Each scheme's rewrite of a query is one more
spelling to compare; it is worth comparing only when a word it changed is a word the list index knows.
"""

from __future__ import annotations

import re
import re._constants as _c  # type: ignore[import-not-found]  # the parser the re module uses; no stubs
import re._parser as _parser  # type: ignore[import-not-found]
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, lru_cache, partial
from pathlib import Path
from typing import Any

from ictguard.errors import DataFileError
from ictguard.screening.datafiles import DATA_DIR, check_keys, load_yaml
from ictguard.screening.script import to_ascii

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


_REWRITTEN: dict[tuple[int, str], str] = {}  # (scheme position, word) -> its rewrite: words recur across names
_REWRITTEN_MAX = 1 << 16


def _scheme_rewrites(position: int, words: list[str]) -> list[str]:
    """Each of ``words`` as the scheme at ``position`` rewrites it. New words go through the scheme together,
    joined by spaces (no rewrite reads or writes a space, and a space stands where a word boundary did), so a
    name costs the scheme's rewrites once, not once per word."""
    found = {w: r for w in dict.fromkeys(words) if (r := _REWRITTEN.get((position, w))) is not None}
    new = [w for w in dict.fromkeys(words) if w not in found]
    if new:
        scheme = load_romanizations()[position]
        rewritten = scheme.apply(" ".join(new)).split(" ")
        if len(rewritten) != len(new):  # a rewrite that joined or split words: one word at a time
            rewritten = [scheme.apply(word) for word in new]
        found.update(zip(new, rewritten, strict=True))
        if len(_REWRITTEN) > _REWRITTEN_MAX:  # (a plain dict: other threads only ever miss a word)
            _REWRITTEN.clear()
        _REWRITTEN.update(((position, w), found[w]) for w in new)
    return [found[w] for w in words]


def _word_rewrites(words: list[str]) -> list[tuple[str, ...]]:
    """Each of ``words`` as each scheme rewrites it, in scheme order."""
    by_scheme = [_scheme_rewrites(position, words) for position in range(len(load_romanizations()))]
    return [tuple(rewritten[i] for rewritten in by_scheme) for i in range(len(words))]


class RomanizationTargets:
    """The words a rewrite may turn an unknown word into (the Russian entries' words), with their shapes.

    A scheme's rewrites read and write only some letters (its touched letters) and never delete a run of them
    outright, so a word keeps its shape (untouched letters as they are, each run of touched ones as one mark). A word
    whose shape no target word has cannot be rewritten into one: that scheme is not run on it (romanization costs a
    few dozen regular-expression passes per new word, and most words of most names are no Russian word's spelling).
    """

    def __init__(self, words: Iterable[str], printed: Iterable[str] = ()) -> None:
        self.words = frozenset(words)
        # Every word the lists print (the targets among them): a query word the lists print is no other language's
        # romanization of a Russian one ("holding", "ahmed"), so it stays as it is.
        self.printed = self.words | frozenset(printed)
        # Schemes that touch the same letters share one shape (the German readings): each is computed once a word.
        keys = [shape_key(scheme) for scheme in load_romanizations()]
        distinct = list(dict.fromkeys(k for k in keys if k is not None))
        self._shapes = [_shape_function(key) for key in distinct]
        self._targets = [frozenset(shape(w) for w in self.words if len(w) >= MIN_WORD) for shape in self._shapes]
        self._group = [None if key is None else distinct.index(key) for key in keys]
        self._may: dict[str, tuple[bool, ...]] = {}

    def __contains__(self, word: str) -> bool:
        return word in self.words

    def may_become_target(self, word: str) -> tuple[bool, ...]:
        """Per scheme: whether its rewrite of ``word`` could be a target word (False only when it cannot)."""
        found = self._may.get(word)
        if found is None:
            fits = [shape(word) in targets for shape, targets in zip(self._shapes, self._targets, strict=True)]
            found = tuple(True if group is None else fits[group] for group in self._group)
            if len(self._may) > _REWRITTEN_MAX:
                self._may.clear()
            self._may[word] = found
        return found


def romanized_spellings(name: str, known: Callable[[str], bool] | RomanizationTargets) -> tuple[str, ...]:
    """``name`` rewritten by each scheme, word by word: a word ``known`` to the list index stays; an unknown one
    is replaced by its rewrite when that is a known word of ``MIN_WORD`` letters or more. Only the spellings in
    which some word was replaced. With :class:`RomanizationTargets`, every word the lists print stays, and a scheme
    runs only on the words it could turn into a known one."""
    if not name.isascii():
        if any(c.isalpha() and ord(c) > _LAST_LATIN for c in name):
            return ()  # another script: spellings.py and the curated names handle it
        # "Mašino…" -> "mashino…", then other accents off: marks stripped first, ICU's transliterator (1.6 million
        # instructions a name) only for what stripping leaves (the same result on every accented listed name).
        name = to_ascii(name.translate(load_letters()))
    is_known = known.__contains__ if isinstance(known, RomanizationTargets) else known
    stays = known.printed.__contains__ if isinstance(known, RomanizationTargets) else known
    words = _WORD.findall(name.lower())
    unknown = [w for w in dict.fromkeys(words) if len(w) >= MIN_WORD - 1 and not stays(w)]
    if not unknown:
        return ()
    may = [known.may_become_target(w) for w in unknown] if isinstance(known, RomanizationTargets) else None
    out: list[str] = []
    for position in range(len(load_romanizations())):
        candidates = [w for i, w in enumerate(unknown) if may is None or may[i][position]]
        if not candidates:
            continue
        replaced = {}
        for word, rewritten in zip(candidates, _scheme_rewrites(position, candidates), strict=True):
            if rewritten != word and len(rewritten) >= MIN_WORD and is_known(rewritten):
                replaced[word] = rewritten
        if replaced:
            spelling = " ".join(replaced.get(w, w) for w in words)
            if spelling not in out:
                out.append(spelling)
    return tuple(out)


def shape_of(scheme: Scheme) -> Callable[[str], str] | None:
    """The shape function of ``scheme``'s rewrites (see :class:`RomanizationTargets`), or None when a rewrite may
    touch any letter or match the empty string (no shape is kept then). A scheme with a rewrite that deletes
    letters keeps only its untouched letters in order (a run of touched letters may vanish)."""
    key = shape_key(scheme)
    return None if key is None else _shape_function(key)


def shape_key(scheme: Scheme) -> tuple[str, str] | None:
    """What a scheme's shape depends on: its touched letters and the mark a run of them becomes ("" when a
    rewrite deletes letters); None when no shape is kept (see :func:`shape_of`)."""
    touched: set[str] = set()
    deletes = False
    for pattern, replacement in scheme.rewrites:
        try:
            letters = _consumed_letters(pattern)
        except Exception:  # re's own parser is not public API: if it changes, no shape (the scheme runs on every word)
            return None
        if letters is None or re.search(r"\\\d|\\g<", replacement):
            return None
        touched |= letters | set(replacement)
        deletes = deletes or replacement == ""
    if not touched <= _LETTERS:
        return None
    return "".join(sorted(touched)), "" if deletes else "*"


@cache
def _shape_function(key: tuple[str, str]) -> Callable[[str], str]:
    letters, mark = key
    return partial(re.compile(f"[{letters}]+").sub, mark)


_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyz")


def _consumed_letters(pattern: re.Pattern[str]) -> set[str] | None:
    """The letters ``pattern`` can consume (lookarounds only read); None if it may consume any character or match
    the empty string."""
    parsed = _parser.parse(pattern.pattern, pattern.flags)
    if parsed.getwidth()[0] == 0:
        return None
    letters: set[str] = set()

    def walk(items: Iterable[tuple[Any, Any]]) -> bool:
        for op, arg in items:
            if op is _c.LITERAL:
                letters.add(chr(arg))
            elif op is _c.IN:
                for kind, value in arg:
                    if kind is _c.LITERAL:
                        letters.add(chr(value))
                    elif kind is _c.RANGE:
                        letters.update(chr(c) for c in range(value[0], value[1] + 1))
                    else:  # a negated class or a category (\w): any letter
                        return False
            elif op in (_c.ASSERT, _c.ASSERT_NOT, _c.AT):
                continue
            elif op is _c.SUBPATTERN:
                if not walk(arg[-1]):
                    return False
            elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
                if not walk(arg[2]):
                    return False
            elif op is _c.BRANCH:
                if not all(walk(branch) for branch in arg[1]):
                    return False
            else:  # any character, a back-reference …
                return False
        return True

    return letters if walk(parsed) else None
