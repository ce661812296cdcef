"""Chinese institution names written in their short form (简称) -> the registered name (chinese_short_forms.yaml).

"中科院沈阳自动化所" is 中国科学院沈阳自动化研究所 and "中电科五十八所" is 中国电子科技集团公司第五十八研究所: the
registered names are on the lists or in native_names.yaml, the short forms nowhere. Only a Chinese query starting
with a group's short name, carrying a contracted word, or ending in a bare 所 is rewritten.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ictguard.errors import DataFileError
from ictguard.screening.datafiles import DATA_DIR, check_keys, load_yaml

_HAN = re.compile(r"^[\u4e00-\u9fff]+$")
_NUMERALS = "〇零一二三四五六七八九十百"


@dataclass(frozen=True)
class ShortForms:
    prefixes: dict[str, str]
    contractions: dict[str, str]
    short: str
    full: str
    ordinal: str
    not_after: tuple[str, ...]  # 派出所, 事务所 …: words ending in 所 that are no research institute


def _han_map(entry: Any, path: Path, field: str) -> dict[str, str]:
    entry = check_keys(entry, path, {"source", "map"})
    if not str(entry["source"]).strip():
        raise DataFileError("expected a citation", file=path, line=entry["__line__"], field=field)
    table = {str(k): str(v) for k, v in entry["map"].items() if k != "__line__"}
    if not all(_HAN.match(k) and _HAN.match(v) for k, v in table.items()):
        raise DataFileError("expected Chinese -> Chinese", file=path, line=entry["__line__"], field=field)
    return table


@lru_cache(maxsize=1)
def load_short_forms(data_dir: Path = DATA_DIR) -> ShortForms:
    path = data_dir / "chinese_short_forms.yaml"
    doc = check_keys(load_yaml(path), path, {"prefixes", "contractions", "suffix"})
    suffix = check_keys(doc["suffix"], path, {"source", "short", "full", "ordinal", "not_after"})
    words = [str(suffix[k]) for k in ("short", "full", "ordinal")]
    if not str(suffix["source"]).strip() or not all(_HAN.match(w) for w in words) or not words[1].endswith(words[0]):
        raise DataFileError("expected a cited Chinese suffix and its full form", file=path, line=suffix["__line__"])
    not_after = tuple(str(w) for w in suffix["not_after"])
    if not all(_HAN.match(w) for w in not_after):
        raise DataFileError("expected Chinese words", file=path, line=suffix["__line__"], field="not_after")
    prefixes = _han_map(doc["prefixes"], path, "prefixes")
    contractions = _han_map(doc["contractions"], path, "contractions")
    return ShortForms(prefixes, contractions, words[0], words[1], words[2], not_after)


def written_out(name: str) -> str | None:
    """``name`` with its short forms written out; None when it has none."""
    forms = load_short_forms()
    text = name.strip()
    for short in sorted(forms.prefixes, key=len, reverse=True):
        if text.startswith(short) and not text.startswith(forms.prefixes[short]):
            text = forms.prefixes[short] + text[len(short) :]
            break
    for short, full in forms.contractions.items():
        if short in text and full not in text:
            text = text.replace(short, full)
    stem = text[: -len(forms.short)]
    if text.endswith(forms.short) and not text.endswith(forms.full) and not stem.endswith(forms.not_after):
        number = len(stem) - len(stem.rstrip(_NUMERALS))
        if number and not stem[: len(stem) - number].endswith(forms.ordinal):
            stem = stem[: len(stem) - number] + forms.ordinal + stem[len(stem) - number :]
        text = stem + forms.full
    return text if text != name.strip() else None
