"""Load and validate the curated screening data files (``ictguard/data/screening/*.yaml``).

Every entry is checked at load: unknown keys, missing fields or missing citations raise a DataFileError that
names the file, the line and the field.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from ictguard.errors import DataFileError
from ictguard.yamlfile import read_yaml

DATA_DIR = Path(__file__).resolve().parents[1] / "data" / "screening"


def load_yaml(path: Path) -> dict[str, Any]:
    document = read_yaml(path, line_key="__line__")
    if not isinstance(document, dict):
        raise DataFileError("expected a mapping at the top level", file=path, line=1)
    return document


def check_keys(entry: Any, path: Path, required: set[str], optional: set[str] = frozenset()) -> dict[str, Any]:  # type: ignore[assignment]
    """Validate one mapping entry: a dict with every required key non-empty and no unknown key."""
    if not isinstance(entry, dict):
        raise DataFileError(f"expected a mapping, got {entry!r}", file=path)
    line = entry.get("__line__")
    for key in entry:
        if key != "__line__" and key not in required | optional:
            raise DataFileError("unknown key", file=path, line=line, field=key)
    for key in sorted(required):
        value = entry.get(key)
        if value is None or (isinstance(value, str | list | dict) and not value):
            raise DataFileError("missing or empty (every fact needs it)", file=path, line=line, field=key)
    return entry


def cited_map(entry: Any, path: Path, key_ok: Callable[[str], bool], expected: str) -> dict[str, str]:
    """A section ``{source: <citation>, map: {key: ASCII value}}``: the map, each key checked by ``key_ok`` (a
    DataFileError naming the file, the section's line and the key, saying what was ``expected``)."""
    entry = check_keys(entry, path, {"source", "map"})
    if not str(entry["source"]).strip():
        raise DataFileError("expected a citation", file=path, line=entry["__line__"], field="source")
    table: dict[str, str] = {}
    for key, value in entry["map"].items():
        if key == "__line__":
            continue
        if not key_ok(str(key)) or not isinstance(value, str) or not value.isascii():
            raise DataFileError(expected, file=path, line=entry["__line__"], field=str(key))
        table[str(key)] = value
    return table


def _str_list(entry: dict[str, Any], key: str, path: Path) -> list[str]:
    value = entry.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise DataFileError("expected a list of non-empty strings", file=path, line=entry.get("__line__"), field=key)
    return [str(v) for v in value]


@dataclass(frozen=True)
class CuratedAlias:
    name: str
    source: str


@dataclass(frozen=True)
class AliasGroup:
    list_names: tuple[str, ...]
    aliases: tuple[CuratedAlias, ...]


@dataclass(frozen=True)
class ChineseTerm:
    zh: str
    en: str
    source: str
    alt: str = ""  # a second English reading the lists also print (科技 "technology" / "science and technology")


@dataclass(frozen=True)
class Vocabulary:
    generic_words: frozenset[str]
    stopwords: frozenset[str]
    party_labels: tuple[str, ...]
    bare_labels: tuple[str, ...]
    vessel_prefixes: tuple[str, ...]
    annotations: tuple[str, ...]
    numbers: dict[str, str]
    places: tuple[str, ...]
    country_abbreviations: dict[str, str]  # bracketed abbreviation -> country name
    legal_forms: dict[str, str]  # phrase -> canonical token
    abbreviations: dict[str, str] = field(default_factory=dict)  # vendor-master word abbreviation -> the word
    # Abbreviations that are also whole words of names: written out only in a query's rewrite (spellings.py).
    ambiguous_abbreviations: dict[str, str] = field(default_factory=dict)
    # Ambiguous abbreviation -> the next words that settle its reading ("Gen Trading" is General Trading).
    abbreviation_contexts: dict[str, frozenset[str]] = field(default_factory=dict)
    # One business word's variants -> the form both sides are compared in (Airlines, Airways -> Air).
    equivalents: dict[str, str] = field(default_factory=dict)
    domicile_tags: frozenset[str] = frozenset()  # places whose bracket after the legal form is a listing tag


@lru_cache(maxsize=1)
def load_vocabulary(data_dir: Path = DATA_DIR) -> Vocabulary:
    path = data_dir / "vocabulary.yaml"
    doc = load_yaml(path)
    lists: dict[str, list[str]] = {}
    sections = ("generic_words", "stopwords", "party_labels", "vessel_prefixes", "annotations", "places")
    for section in (*sections, "domicile_tags"):
        entry = check_keys(doc.get(section), path, {"source", "words"}, {"bare"})
        lists[section] = [w.lower() for w in _str_list(entry, "words", path)]
        if section == "party_labels":
            lists["bare"] = [w.lower() for w in _str_list(entry, "bare", path)]
    numbers_entry = check_keys(doc.get("numbers"), path, {"source", "map"})
    numbers = {str(k): str(v) for k, v in numbers_entry["map"].items() if k != "__line__"}
    abbrev_entry = check_keys(doc.get("country_abbreviations"), path, {"source", "map"})
    abbreviations = {str(k).lower(): str(v).lower() for k, v in abbrev_entry["map"].items() if k != "__line__"}
    legal_path = data_dir / "legal_forms.yaml"
    legal_doc = check_keys(load_yaml(legal_path), legal_path, {"source", "forms"})
    legal: dict[str, str] = {}
    for form in legal_doc["forms"]:
        form = check_keys(form, legal_path, {"canonical", "phrases"})
        for phrase in _str_list(form, "phrases", legal_path):
            legal[phrase] = str(form["canonical"])
    return Vocabulary(
        generic_words=frozenset(lists["generic_words"]),
        stopwords=frozenset(lists["stopwords"]),
        party_labels=tuple(lists["party_labels"]),
        bare_labels=tuple(lists["bare"]),
        vessel_prefixes=tuple(lists["vessel_prefixes"]),
        annotations=tuple(lists["annotations"]),
        numbers=numbers,
        places=tuple(lists["places"]),
        country_abbreviations=abbreviations,
        legal_forms=legal,
        abbreviations=_abbreviations(data_dir / "abbreviations.yaml", "map"),
        ambiguous_abbreviations=_abbreviations(data_dir / "abbreviations.yaml", "ambiguous"),
        abbreviation_contexts=_contexts(data_dir / "abbreviations.yaml"),
        equivalents=_equivalents(data_dir / "abbreviations.yaml"),
        domicile_tags=frozenset(lists["domicile_tags"]),
    )


def _contexts(path: Path) -> dict[str, frozenset[str]]:
    doc = load_yaml(path)
    entry = doc.get("in_context")
    if entry is None:
        return {}
    entry = check_keys(entry, path, {"source", "map"})
    ambiguous = _abbreviations(path, "ambiguous")
    out: dict[str, frozenset[str]] = {}
    for key, value in entry["map"].items():
        if key == "__line__":
            continue
        if str(key).lower() not in ambiguous or not isinstance(value, list) or not value:
            raise DataFileError(
                "expected an ambiguous abbreviation -> the words after it that settle its reading",
                file=path,
                line=entry["map"].get("__line__"),
                field=str(key),
            )
        out[str(key).lower()] = frozenset(str(v).lower() for v in value)
    return out


def _equivalents(path: Path) -> dict[str, str]:
    doc = load_yaml(path)
    entry = doc.get("equivalents")
    if entry is None:
        return {}
    entry = check_keys(entry, path, {"source", "map"})
    out: dict[str, str] = {}
    for key, value in entry["map"].items():
        if key == "__line__":
            continue
        if not isinstance(value, str) or not value.isalpha() or not str(key).isalnum():
            raise DataFileError(
                "expected a word -> the one word it is compared as",
                file=path,
                line=entry["map"].get("__line__"),
                field=str(key),
            )
        out[str(key).lower()] = value.lower()
    return out


def _abbreviations(path: Path, section: str) -> dict[str, str]:
    doc = check_keys(load_yaml(path), path, {"source", "map", "ambiguous"}, {"in_context", "equivalents"})
    table: dict[str, str] = {}
    for key, value in doc[section].items():
        if key == "__line__":
            continue
        if not isinstance(value, str) or not value.strip() or not str(key).isalnum():
            raise DataFileError(
                "expected an abbreviation (letters/digits) -> its word",
                file=path,
                line=doc[section].get("__line__"),
                field=str(key),
            )
        table[str(key).lower()] = value.lower()
    return table


@lru_cache(maxsize=1)
def load_chinese_heads(data_dir: Path = DATA_DIR) -> tuple[str, ...]:
    """English institution words that end a Chinese name and lead its English one (大学 -> "University of ...")."""
    path = data_dir / "chinese_terms.yaml"
    doc = check_keys(load_yaml(path), path, {"terms", "heads", "heads_source"})
    return tuple(sorted((str(h).lower() for h in doc["heads"]), key=len, reverse=True))


@lru_cache(maxsize=1)
def load_chinese_terms(data_dir: Path = DATA_DIR) -> tuple[ChineseTerm, ...]:
    path = data_dir / "chinese_terms.yaml"
    doc = check_keys(load_yaml(path), path, {"terms"}, {"heads", "heads_source"})
    terms = []
    for entry in doc["terms"]:
        entry = check_keys(entry, path, {"zh", "en", "source"}, {"alt"})
        alt = str(entry.get("alt") or "")
        if alt == str(entry["en"]):
            raise DataFileError("alt repeats en", file=path, line=entry.get("__line__"), field="alt")
        terms.append(ChineseTerm(str(entry["zh"]), str(entry["en"]), str(entry["source"]), alt))
    return tuple(terms)


NATIONAL_LETTERS = "-іўїєґ'"  # Belarusian and Ukrainian letters (and the apostrophe) a term or a table may use


@dataclass(frozen=True)
class CyrillicTerms:
    """Russian words of company names -> English (a key ending in "*" is a stem), and one romanization table."""

    words: dict[str, str]
    stems: dict[str, str]
    bgn_pcgn: dict[str, str]
    not_latin: frozenset[str]  # keys whose romanized form is also a word of other languages


@lru_cache(maxsize=1)
def load_cyrillic_terms(data_dir: Path = DATA_DIR) -> CyrillicTerms:
    path = data_dir / "cyrillic_terms.yaml"
    doc = check_keys(load_yaml(path), path, {"terms", "bgn_pcgn"}, {"national_letters"})
    words: dict[str, str] = {}
    stems: dict[str, str] = {}
    not_latin: set[str] = set()
    for entry in doc["terms"]:
        entry = check_keys(entry, path, {"ru", "en", "source"}, {"latin"})
        if entry.get("latin", True) not in (True, False):
            raise DataFileError("expected true or false", file=path, line=entry["__line__"], field="latin")
        key = str(entry["ru"]).lower().replace("ё", "е")
        bare = key.removesuffix("*")
        if not bare or not all("а" <= c <= "я" or c in NATIONAL_LETTERS for c in bare):  # Belarusian, Ukrainian
            raise DataFileError("expected a Russian word or stem*", file=path, line=entry["__line__"], field="ru")
        (stems if key.endswith("*") else words)[bare] = str(entry["en"]).lower()
        if entry.get("latin") is False:
            not_latin.add(bare)
    scheme = check_keys(doc["bgn_pcgn"], path, {"source", "letters"})
    letters = {str(k): str(v) for k, v in scheme["letters"].items() if k != "__line__"}
    if len(letters) != 33 or any(len(k) != 1 or not ("а" <= k <= "я" or k == "ё") for k in letters):
        raise DataFileError("expected the 33 Russian letters", file=path, line=scheme["__line__"], field="letters")
    if "national_letters" in doc:  # Belarusian і ў, Ukrainian і ї є ґ: read as the Russian-style letters the lists use
        national = check_keys(doc["national_letters"], path, {"source", "letters"})
        extra = {str(k): str(v) for k, v in national["letters"].items() if k != "__line__"}
        if not str(national["source"]).strip() or any(k not in NATIONAL_LETTERS for k in extra):
            expected = "expected cited letters among " + NATIONAL_LETTERS
            raise DataFileError(expected, file=path, line=national["__line__"], field="letters")
        letters |= extra
    return CyrillicTerms(words, stems, letters, frozenset(not_latin))


@lru_cache(maxsize=1)
def load_alias_groups(data_dir: Path = DATA_DIR) -> tuple[AliasGroup, ...]:
    """The cited other names of listed entries: aliases.yaml (the regime's named companies) and native_names.yaml
    (registered names in the entity's own script of other listed entities); one schema, one use."""
    groups: list[AliasGroup] = []
    for path in (data_dir / "aliases.yaml", data_dir / "native_names.yaml"):
        doc = check_keys(load_yaml(path), path, {"companies"})
        for entry in doc["companies"]:
            entry = check_keys(entry, path, {"list_names", "aliases"})
            aliases = []
            for alias in entry["aliases"]:
                alias = check_keys(alias, path, {"name", "source"})
                aliases.append(CuratedAlias(str(alias["name"]), str(alias["source"])))
            groups.append(AliasGroup(tuple(_str_list(entry, "list_names", path)), tuple(aliases)))
    return tuple(groups)


def data_fingerprint(data_dir: Path = DATA_DIR) -> str:
    """A short hash of every data file, so cached indexes are rebuilt when the curated data changes."""
    import hashlib

    from ictguard.families.load import FAMILIES_DIR

    digest = hashlib.sha256()
    # The families' parent names become curated aliases of the list entries (screener._list_names).
    for path in [*sorted(data_dir.glob("*.yaml")), *sorted(FAMILIES_DIR.glob("*.yaml"))]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
