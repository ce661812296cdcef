"""A name followed by its city or country, without a comma ("Intellifusion Shenzhen", "JSC TUPOLEV MOSCOW",
"SKYLINKS FZC SHARJAH UAE"): shipping documents, customs records and bank messages print the place after the name.

The trailing words count as a place only when they are a place the lists print in an entry's address (a comma
separated part of an address: "Shenzhen", "Zelenograd", "Moscow Oblast") or a territory rigour knows (a country,
region or city). The name before them is screened, and its hits are kept only for entries whose own addresses
name that place or whose countries it lies in: a firm's name plus its own city, never plus any city.

A set lookup on the query's last words decides whether any of this runs: names that end in no listed place pay
nothing more.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from ictguard.model import Entity
from ictguard.screening.datafiles import load_vocabulary
from ictguard.screening.features import Feature

if TYPE_CHECKING:
    from ictguard.screening.screener import Hit

# A name before its place must match this well: the place vouches for the entry, not for a loose match ("Evans &
# Sutherland" is no "Evans Meridians Ltd." of a Sutherland address).
MIN_HEAD_SCORE = 0.85
MAX_PLACE_WORDS = 3  # "Ras Al Khaimah", "Moscow Oblast": a longer address part is a street, not a place
MAX_PLACES = 2  # a city then its country ("Dongguan China", "Sharjah UAE")
MIN_TERRITORY = 4  # shorter words are ISO codes rigour also knows ("co", "de"), unless in capitals ("UAE")
_EDGE = "\"'()[],;:-"  # around a last word: "(Shenzhen)", "Moscow."
_WORD = re.compile(r"[^\W\d_]+")
_PART = re.compile(r"[,;]|\band\b|\(|\)")

ScreenFn = Callable[[str], "dict[int, Hit]"]


def _key(text: str) -> str:
    return " ".join(w.lower() for w in _WORD.findall(text.replace(".", "")))


def address_places(entity: Entity) -> frozenset[str]:
    """The comma-separated parts of ``entity``'s addresses that may be a place: letters only, at most three words."""
    out: set[str] = set()
    for address in entity.addresses:
        for part in _PART.split(address.text):
            if not part.strip() or any(c.isdigit() for c in part):
                continue
            key = _key(part)
            if key and len(key.split()) <= MAX_PLACE_WORDS:
                out.add(key)
    return frozenset(out)


@dataclasses.dataclass(frozen=True, slots=True)
class ListedPlaces:
    places: frozenset[str]  # address keys ("shenzhen", "moscow oblast")
    last_words: frozenset[str]  # each place's last word: the cheap check on a query's last word


def listed_places(entities: Iterable[Entity]) -> ListedPlaces:
    """Every place part of the entries' addresses, less those made of business words or legal forms only."""
    vocab = load_vocabulary()
    common = vocab.generic_words | set(vocab.legal_forms) | vocab.stopwords
    legal = vocab.legal_forms  # "c/o Maples Corporate Services Limited": a firm inside an address, no place
    places = frozenset(
        p
        for e in entities
        for p in address_places(e)
        if p.rsplit(" ", 1)[-1] not in common and not any(w in legal for w in p.split())
    )
    return ListedPlaces(places, frozenset(p.rsplit(" ", 1)[-1] for p in places))


def _territory(text: str) -> str | None:
    from rigour.territories import lookup_territory

    if len(text) < MIN_TERRITORY and not text.isupper():
        return None
    territory = lookup_territory(text)
    return None if territory is None or territory.code == "zz" else territory.code.split("-")[0].upper()


def place_tail(name: str, listed: ListedPlaces) -> tuple[str, tuple[str, ...]] | None:
    """``name`` without the places that end it, and those places (as address keys), or None."""
    last = name.rsplit(None, 1)[-1].strip(_EDGE).replace(".", "").lower() if name.strip() else ""
    if last not in listed.last_words:
        return None  # the cheap check: the last word ends no place the lists print in an address
    words = list(_WORD.finditer(name.replace(".", "")))
    if len(words) < 2:
        return None
    places = listed.places
    end, found = len(words), list[str]()
    while len(found) < MAX_PLACES and end > 1:
        for size in range(min(MAX_PLACE_WORDS, end - 1), 0, -1):
            text = " ".join(w.group(0) for w in words[end - size : end])
            if _key(text) in places or _territory(text) is not None:
                found.append(_key(text))
                end -= size
                break
        else:
            break
    if not found:
        return None
    vocab = load_vocabulary()
    head_words = [w.group(0).lower() for w in words[:end]]
    common = vocab.generic_words | set(vocab.legal_forms) | vocab.stopwords
    if head_words[-1] in vocab.stopwords or not any(len(w) >= 3 and w not in common for w in head_words):
        return None  # "Bank of China", "Air China": the place is the name's own word
    cut = name.replace(".", "")  # positions below are in this text
    return cut[: words[end - 1].end()].strip(" ,-"), tuple(found)


def _name_words(name: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(name)}


def is_place_of(place: str, entity: Entity) -> bool:
    """``place`` is in ``entity``'s addresses, or a territory in one of its countries."""
    if place in address_places(entity):
        return True
    code = _territory(place)
    return code is not None and code in {c.upper() for c in entity.countries}


def place_tail_hits(
    name: str, hits: dict[int, Hit], listed: ListedPlaces, entities: list[Entity], screen: ScreenFn
) -> None:
    """The name before its trailing places, screened; a hit kept only for an entry of those places (module doc)."""
    tail = place_tail(name, listed)
    if tail is None:
        return
    head, found = tail
    named = [h for h in hits.values() if h.score >= MIN_HEAD_SCORE]
    if any(set(p.split()) <= _name_words(h.matched_name) for h in named for p in found):
        return  # "HuaweiDevice Dongguan": a strong hit names the place already, a listed name's own qualifier
    for e, hit in screen(head).items():
        if hit.score < MIN_HEAD_SCORE or (e in hits and hits[e].score >= hit.score):
            continue
        if not all(is_place_of(p, entities[e]) for p in found):
            continue
        note = Feature("spelling", 1.0, f"compared as {head!r} (the entry's own place after the name)")
        hits[e] = dataclasses.replace(hit, explanation=[*hit.explanation, note])
