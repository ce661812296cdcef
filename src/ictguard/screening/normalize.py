"""Name normalisation: any spelling of a party name -> a tuple of typed tokens that the scorer compares.

Steps: party labels and vessel prefixes off, annotations in brackets off ("(ex-…)", "(… branch)"), appended
addresses off, every script to ASCII, punctuation and case folded, runs of single letters joined ("S.A." ->
"sa"), legal forms replaced by one canonical token, number words to digits, light plural stemming, then each
token typed: CORE (the distinctive words), GENERIC (common business words), LEGAL, PLACE (a leading place
that vendors often drop), QUALIFIER (a place or country inside the name: another subsidiary), NUMBER.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache

from ictguard.screening.datafiles import Vocabulary, load_vocabulary
from ictguard.screening.script import has_han, to_ascii


class Kind(StrEnum):
    CORE = "core"
    GENERIC = "generic"
    LEGAL = "legal"
    PLACE = "place"
    QUALIFIER = "qualifier"
    NUMBER = "number"


KINDS = tuple(Kind)  # for loops over every kind: iterating the enum class itself is slow


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    kind: Kind


@dataclass(frozen=True, slots=True)
class NormName:
    original: str
    tokens: tuple[Token, ...]
    acronym: str | None = None  # a bracketed acronym on the name itself: "... Corporation (SMIC)"
    # Comparison key (non-legal token texts joined with one space) and the same without spaces: computed once,
    # since the scorer reads ``joined`` for every candidate pair.
    key: str = field(init=False, compare=False)
    joined: str = field(init=False, compare=False)

    def __post_init__(self) -> None:
        texts = [t.text for t in self.tokens if t.kind is not Kind.LEGAL]
        object.__setattr__(self, "key", " ".join(texts))
        object.__setattr__(self, "joined", "".join(texts))


_BRACKETS = re.compile(r"[\(\[\{]([^\)\]\}]*)[\)\]\}]?")
_ADDRESS_TAIL = re.compile(r",\s*(?:\d|p\.?\s?o\.?\s+box|no\.\s*\d|room\s|floor\s|building\s|bldg)", re.I)
_NON_WORD = re.compile(r"[^a-z0-9]+")
_SINGLE_LETTER_RUN = re.compile(r"\b(?:[a-z] ){1,}[a-z]\b")
_ACRONYM = re.compile(r"^[A-Z0-9][A-Z0-9&\-]{1,7}(?: \d{1,3})?$")  # "SMIC", "CETC 14" (a numbered unit)
_ADDRESS_SIGNAL = re.compile(
    r"\d|\b(?:district|road|rd|street|str|avenue|ave|boulevard|building|bldg|floor|room|suite|zone|park|province|"
    r"city|county|town|village|lane|highway|square|industrial|p\.?\s?o\.?\s+box)\b",
    re.I,
)
_TRAILING_BRACKET = re.compile(r"[\(\[]([^\)\]]*)[\)\]]\s*$")
_ORDINAL = re.compile(r"(\d+)(?:st|nd|rd|th)")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


@dataclass(frozen=True, slots=True)
class _Phrases:
    """Phrases (word tuples) -> their token, and the most words a phrase starting with a given word has: most
    words start no phrase, and are answered by one lookup instead of one tuple per phrase length."""

    table: dict[tuple[str, ...], str]
    longest: dict[str, int]

    @classmethod
    def of(cls, table: dict[tuple[str, ...], str]) -> _Phrases:
        longest: dict[str, int] = {}
        for phrase in table:
            longest[phrase[0]] = max(longest.get(phrase[0], 0), len(phrase))
        return cls(table, longest)

    def at(self, words: list[str], i: int, cap: int) -> tuple[str, int] | None:
        """The longest phrase of at most ``cap`` words starting at ``words[i]``: (its token, its word count)."""
        most = self.longest.get(words[i])
        if most is None:
            return None
        for size in range(min(most, cap, len(words) - i), 0, -1):
            hit = self.table.get(tuple(words[i : i + size]))
            if hit is not None:
                return hit, size
        return None


@dataclass(frozen=True)
class _Tables:
    vocab: Vocabulary
    label_re: re.Pattern[str]
    vessel_re: re.Pattern[str]
    annotation_re: re.Pattern[str]
    legal_phrases: _Phrases
    legal_longest: int
    places: _Phrases
    countries: _Phrases


def _alternation(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"[\s.]*") for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    vocab = load_vocabulary()
    label_re = re.compile(
        rf"^\s*(?:(?:{_alternation(vocab.party_labels)})\s*[:\-]+|(?:{_alternation(vocab.bare_labels)})\.?\s)\s*",
        re.I,
    )
    slashed = tuple(p for p in vocab.vessel_prefixes if "/" in p or " " in p)
    bare = tuple(p for p in vocab.vessel_prefixes if p not in slashed)
    vessel_re = re.compile(
        rf"^\s*(?:(?:{_alternation(slashed)})\.?\s*|(?:{_alternation(bare)})\.?\s+(?=\S+\s*\S))", re.I
    )
    annotation_re = re.compile(rf"^\s*(?:{_alternation(vocab.annotations)})\b|\bbranch\b|\boffice\b", re.I)
    legal = {tuple(p.split()): c for p, c in vocab.legal_forms.items()}
    places = {tuple(p.split()): p.replace(" ", "") for p in vocab.places}
    return _Tables(
        vocab,
        label_re,
        vessel_re,
        annotation_re,
        _Phrases.of(legal),
        max(len(k) for k in legal),
        _Phrases.of(places),
        _Phrases.of(_country_names()),
    )


def _country_names() -> dict[tuple[str, ...], str]:
    """Country names from rigour's territory data, as token tuples -> joined name."""
    from rigour.territories import get_territories

    names: dict[tuple[str, ...], str] = {}
    for territory in get_territories():
        for name in {territory.name, getattr(territory, "full_name", None) or territory.name}:
            words = tuple(_NON_WORD.sub(" ", to_ascii(name).lower()).split())
            if words and len(words) <= 4:
                names[words] = "".join(words)
    return names


def _clean_brackets(text: str, tables: _Tables) -> tuple[str, str | None]:
    acronym: str | None = None

    def replace(match: re.Match[str]) -> str:
        nonlocal acronym
        inner = match.group(1).strip()
        if not inner or tables.annotation_re.search(inner):
            return " "
        country = tables.vocab.country_abbreviations.get(inner.replace(".", "").lower())
        if country is not None:
            return f" {country} "  # a subsidiary's country, not the entry's acronym
        if _ACRONYM.match(inner) and match.start() > 0:
            acronym = inner
            return " "
        return f" {inner} "

    return _BRACKETS.sub(replace, text), acronym


def without_domicile_tag(name: str) -> str | None:
    """``name`` without a bracketed domicile tag (vocabulary.yaml ``domicile_tags``) that ends it right after its
    legal form ("China Mobile Ltd (HK)" -> "China Mobile Ltd"): a market-data / vendor-file listing tag, not part
    of the name, since a country subsidiary carries its place before the legal form ("Huawei Device (Hong Kong)
    Co., Limited"). None when there is no such tag. A query-side rewrite: list names keep their brackets."""
    tables = _tables()
    match = _TRAILING_BRACKET.search(name)
    if match is None or " ".join(_words(match.group(1))) not in tables.vocab.domicile_tags:
        return None
    before = _words(name[: match.start()])
    for size in range(min(tables.legal_longest, len(before) - 1), 0, -1):
        found = tables.legal_phrases.at(before, len(before) - size, size)
        if found is not None and found[1] == size:
            return name[: match.start()].rstrip()
    return None


def _words(text: str) -> list[str]:
    text = to_ascii(text).lower().replace("&", " and ").replace("'", "").replace("`", "")
    text = _NON_WORD.sub(" ", text).strip()
    # "s a de c v" -> "sa de cv", "z o o" -> "zoo", "l l c" -> "llc"
    text = _SINGLE_LETTER_RUN.sub(lambda m: m.group(0).replace(" ", ""), text)
    return text.split()


def _expand_abbreviations(words: list[str], abbreviations: dict[str, str]) -> list[str]:
    """Country abbreviations after the first word ("Huawei Technologies UK Ltd") -> the country's words, so they
    type as a place like a spelled-out country; a first word ("US Steel") is left alone."""
    if not any(w in abbreviations for w in words[1:]):
        return words
    out = words[:1]
    for word in words[1:]:
        out.extend(abbreviations[word].split() if word in abbreviations else (word,))
    return out


def _expand_words(words: list[str], abbreviations: dict[str, str]) -> list[str]:
    """Vendor-master abbreviations ("Grp", "Intl", "Techs") -> their words, in a name of two words or more (a
    one-word name is a brand or acronym, not an abbreviation)."""
    if len(words) < 2 or not any(w in abbreviations for w in words):
        return words
    return [abbreviations.get(w, w) for w in words]


def _stem(word: str) -> str:
    if len(word) > 5 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _type_tokens(words: list[str], tables: _Tables, company: bool) -> list[Token]:
    vocab = tables.vocab
    tokens: list[Token] = []
    i = 0
    while i < len(words):
        word = words[i]
        legal = (
            tables.legal_phrases.at(words, i, tables.legal_longest)
            if company and i > 0 or (company and len(words) > 1)
            else None
        )
        if legal is not None:
            tokens.append(Token(legal[0], Kind.LEGAL))
            i += legal[1]
            continue
        # Places are typed in company names only, so a person's name skips the lookups.
        place = (tables.places.at(words, i, 2) or tables.countries.at(words, i, 4)) if company else None
        if place is not None:
            leading = all(t.kind in (Kind.PLACE, Kind.LEGAL) for t in tokens)
            tokens.append(Token(place[0], Kind.PLACE if leading and i + place[1] < len(words) else Kind.QUALIFIER))
            i += place[1]
            continue
        i += 1
        if word in vocab.stopwords and len(words) > 1:
            continue
        number = vocab.numbers.get(word) if company else None
        ordinal = _ORDINAL.fullmatch(word) if company and word[0].isdigit() else None
        if ordinal is not None:  # "708th" research institute is number 708, not a word one letter from "704th"
            tokens.append(Token(str(int(ordinal.group(1))), Kind.NUMBER))
        elif word.isdigit() or number is not None:
            tokens.append(Token(str(int(number or word)), Kind.NUMBER))
        elif company and word in vocab.generic_words:
            tokens.append(Token(_stem(word), Kind.GENERIC))
        else:
            tokens.append(Token(_stem(word) if company else word, Kind.CORE))
    return tokens


@lru_cache(maxsize=4)  # the last few names: a name is normalised for each schema in turn (normalize_schemas)
def _cleaned_words(name: str, vessel: bool) -> tuple[list[str], str | None]:
    """The words of ``name`` before typing, and its bracketed acronym; the same for every schema but Vessel.
    The caller must not change the list (it is shared through the cache)."""
    tables = _tables()
    text = tables.label_re.sub("", name)
    if " " not in text.strip() and len(text) >= 12:
        # Run together ("HuaweiTechnologiesCo.,Ltd."): the capitals still mark the words. Short single words
        # with inner capitals are brands (HiSilicon, SenseTime) and stay whole.
        text = _CAMEL.sub(" ", text)
    if vessel:
        text = tables.vessel_re.sub("", text)
    text, acronym = _clean_brackets(text, tables)
    tail = _ADDRESS_TAIL.search(text)
    if tail is not None and tail.start() > 0:
        text = text[: tail.start()]
    return _words(_cut_after_legal_form(text, tables)), acronym


def _cut_after_legal_form(text: str, tables: _Tables) -> str:
    """A name whose legal form is followed by a comma and an address ("Huawei Technologies Co., Ltd., Bantian,
    Longgang District, Shenzhen 518129"): the address goes. What follows must look like one (a number, a street
    or district word), since a unit's name can follow too ("Tactical Missile Corporation, KB Mashinostroeniya")."""
    if "," not in text:
        return text
    parts = text.split(",")
    for i in range(len(parts) - 1):
        head, following = _words(",".join(parts[: i + 1])), _words(parts[i + 1])
        if (
            len(head) > 1
            and following
            and _ends_with_legal(head, tables)
            and not _ends_with_legal(following[: tables.legal_longest], tables, whole=True)
            and _ADDRESS_SIGNAL.search(",".join(parts[i + 1 :]))
        ):
            return ",".join(parts[: i + 1])
    return text


def _ends_with_legal(words: list[str], tables: _Tables, whole: bool = False) -> bool:
    """``words`` end with a legal form (``whole``: are, from their start, one legal form or a prefix of one,
    such as "Ltd." after "Co.")."""
    table = tables.legal_phrases.table
    if whole:
        return any(tuple(words[:k]) in table for k in range(1, len(words) + 1))
    return any(tuple(words[-k:]) in table for k in range(1, min(len(words) - 1, tables.legal_longest) + 1))


@lru_cache(maxsize=200_000)
def normalize(name: str, schema: str = "Company") -> NormName:
    """Normalise one name. ``schema`` is Company (also Organization), Person or Vessel."""
    tables = _tables()
    words, acronym = _cleaned_words(name, schema == "Vessel")
    company = schema not in ("Person",)
    if company:
        words = _expand_abbreviations(words, tables.vocab.country_abbreviations)
        words = _expand_words(words, tables.vocab.abbreviations)
    tokens = _type_tokens(words, tables, company)
    if not any(t.kind is not Kind.LEGAL for t in tokens):
        # A name that is only a legal form or place ("Limited", "China"): keep its words as core tokens.
        tokens = [Token(w, Kind.CORE) for w in words]
    return NormName(name, tuple(tokens), acronym.lower().replace(" ", "") if acronym else None)


@lru_cache(maxsize=1)
def _chinese_places() -> frozenset[str]:
    return frozenset(p.replace(" ", "") for p in _tables().vocab.places)


def is_chinese(name: NormName) -> bool:
    """Written in Chinese, or carrying a Chinese place (Beijing, Shenzhen …): its other words are likely pinyin."""
    if has_han(name.original):
        return True
    places = _chinese_places()
    return any(t.kind in (Kind.PLACE, Kind.QUALIFIER) and t.text in places for t in name.tokens)


def normalize_schemas(name: str) -> dict[str, NormName]:
    """``name`` normalised for each schema a list entry can have. A name with no vessel prefix normalises the
    same as a company, so that work is shared; equal forms are one object."""
    tables = _tables()
    company = normalize(name, "Company")
    vessel = company
    if tables.vessel_re.match(tables.label_re.sub("", name)):
        vessel = normalize(name, "Vessel")
    person = normalize(name, "Person")
    if person == company:  # most personal names: one object, so the screener builds its keys and side once
        person = company
    return {"Company": company, "Person": person, "Vessel": vessel}
