"""The short form of a Russian institution's name (cyrillic_phrases.yaml): "Российской академии наук" as "РАН", the
honorific "им. А.А. Харкевича" (named after …) left out. The lists print the short form beside the long one
("Institut Problem Peredachi Informatsii RAN"); a Cyrillic query is compared in both."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from ictguard.errors import DataFileError
from ictguard.screening.datafiles import DATA_DIR, check_keys, load_yaml

# The person's initials ("А.А.", "П. И.") and surname after the honorific word.
_PERSON = r"\.?\s*(?:[А-ЯЁ]\.\s*){0,3}(?:академ(?:ика|\.)\s*)?(?:[А-ЯЁ]\.\s*){0,3}[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?"


@lru_cache(maxsize=1)
def _tables(data_dir: Path = DATA_DIR) -> tuple[re.Pattern[str], dict[str, str], re.Pattern[str]]:
    path = data_dir / "cyrillic_phrases.yaml"
    doc = check_keys(load_yaml(path), path, {"academies", "honorific"})
    academies = check_keys(doc["academies"], path, {"source", "map"})
    honorific = check_keys(doc["honorific"], path, {"source", "words"})
    phrases = {" ".join(str(k).lower().split()): str(v) for k, v in academies["map"].items() if k != "__line__"}
    if not all(re.fullmatch(r"[а-яё ]+", k) for k in phrases):
        raise DataFileError("expected lower-case Cyrillic phrases", file=path, line=academies["__line__"], field="map")
    words = [str(w).lower() for w in honorific["words"]]
    body = "|".join(r"\s+".join(map(re.escape, p.split())) for p in sorted(phrases, key=len, reverse=True))
    academy = re.compile(rf"(?<![а-яё])(?:{body})(?![а-яё])", re.IGNORECASE)
    # the honorific as a whole word (any case), then the person in their own capitals ("Имидж" is no honorific)
    honorifics = "|".join(map(re.escape, words))
    person = re.compile(rf"(?<![а-яёА-ЯЁ])(?i:{honorifics})(?![а-яёА-ЯЁ]){_PERSON}")
    return academy, phrases, person


def short_cyrillic(name: str) -> str | None:
    """``name`` with its academy written as the acronym and the honorific left out; None when neither occurs."""
    academy, phrases, person = _tables()
    short = academy.sub(lambda m: phrases[" ".join(m.group(0).lower().split())], name)
    short = person.sub("", short)
    short = " ".join(short.split())
    return short if short != name and short else None
