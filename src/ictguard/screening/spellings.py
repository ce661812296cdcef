"""Other spellings of a query that screening compares too, keeping the best score per entry.

The lists print a Russian firm under its English name, a transliteration or both ("Concern Sozvezdie", "Kontsern
Radiostroeniya Vega"), and a Chinese firm under its English name or pinyin. A user's spelling may take the other
road: the Cyrillic registered name, another romanization, pinyin business words ("Huawei Jishu Youxian Gongsi").
One fixed rewrite would lose the list names that keep the Russian or pinyin word, so the query is compared as
spelled and in each rewrite (cyrillic_terms.yaml, chinese_terms.yaml), and the best score counts.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ictguard.screening.chinese_short import written_out
from ictguard.screening.cyrillic_short import short_cyrillic
from ictguard.screening.datafiles import load_chinese_terms, load_cyrillic_terms
from ictguard.screening.korean import korean_spellings
from ictguard.screening.persian import persian_spelling
from ictguard.screening.script import has_han, to_ascii

# Belarusian і, ў and Ukrainian і, ї, є, ґ too; the apostrophe inside a word ("об'єднана") is part of it
_CYRILLIC_WORD = re.compile(r"[а-яёіўїєґА-ЯЁІЎЇЄҐ]+(?:['’ʼ-][а-яёіўїєґА-ЯЁІЎЇЄҐ]+)*")
_LATIN_WORD = re.compile(r"[^\W_]+")
MIN_LATIN_FORM = 4  # shorter romanized forms ("dom", "rus") are too often words of other languages
MAX_PINYIN_WORDS = 3  # "you xian gong si": a term's pinyin may be split over this many words


def query_spellings(name: str) -> tuple[str, ...]:
    """The rewrites of ``name`` worth comparing besides ``name`` itself (often none)."""
    if not name.isascii() and _CYRILLIC_WORD.search(name):
        out = [_translate_cyrillic(name), romanize_bgn(_translate_cyrillic(name)), romanize_bgn(name)]
        short = short_cyrillic(name)  # "ИППИ им. А.А. Харкевича РАН" -> "ИППИ РАН", as the lists print it too
        if short is not None:
            out += [romanize_bgn(_translate_cyrillic(short)), romanize_bgn(short)]
    elif not name.isascii() and (persian := persian_spelling(name)) is not None:
        out = [persian, *_equivalent_spellings(persian, anywhere=True)]
    elif not name.isascii() and (korean := korean_spellings(name)):
        # Hangul: business words translated, the rest romanized (two schemes); "airlines" also as "air"
        out = [*korean, *_equivalent_spellings(korean[0], anywhere=True)]
    elif not name.isascii() and has_han(name) and (full := written_out(name)) is not None:
        out = [full, *query_spellings(full)]  # "中科院沈阳自动化所": the registered name written out, then its readings
    elif not name.isascii() and has_han(name):
        # The Chinese name in its second readings (科技 "science and technology"), each also with its institution
        # word led ("... 大学" -> "University of ..."): at most four rewrites.
        readings = [" ".join(to_ascii(name, alternative).split()) for alternative in (False, True)]
        out = [r for reading in dict.fromkeys(readings) for r in _head_first(reading)]
    else:
        latin = name if name.isascii() else to_ascii(name)  # tone marks and accents: "Diànzǐ Kējì" -> "Dianzi Keji"
        if _trigger().search(latin.lower()) is None:  # most names: no word any rewrite would touch
            return () if latin == name else (latin,)
        out = [latin, _translate_latin(latin), _abbreviations_written_out(latin), *_equivalent_spellings(latin)]
        if _chinese_through(latin):  # pinyin through and through: its second readings and word order too
            out += [*_head_first(out[1]), *_head_first(_translate_latin(latin, alternative=True))]
    return tuple(s for s in dict.fromkeys(out) if s != name)


def _head_first(text: str) -> list[str]:
    """``text`` as is, and with an institution word that ends it led: "chengdu aircraft design research institute"
    -> "chengdu research institute of aircraft design" (a leading place stays first) ... the English order."""
    from ictguard.screening.datafiles import load_chinese_heads, load_vocabulary

    words = text.split()
    lowered = " ".join(words).lower()
    for head in load_chinese_heads():
        if lowered.endswith(" " + head):
            rest = words[: len(words) - len(head.split())]
            # legal forms and the PLA prefix aside, a place name leads the English name too (济南 Jinan Institute of)
            lead = 1 if len(rest) > 1 and rest[0].lower() in load_vocabulary().places else 0
            if not rest[lead:]:
                return [text]
            return [text, " ".join([*rest[:lead], head, "of", *rest[lead:]])]
    return [text]


def _chinese_through(text: str) -> bool:
    lowered = [w.lower() for w in _LATIN_WORD.findall(text)]
    return len(lowered) > 1 and all(_pinyin_or_legal(w) for w in lowered)


def _russian_term(word: str) -> str | None:
    terms = load_cyrillic_terms()
    key = word.lower().replace("ё", "е").replace("’", "'").replace("ʼ", "'")
    found = terms.words.get(key)
    if found is not None:
        return found
    for size in range(len(key), 2, -1):  # the longest stem first ("технологическ" before "технологи")
        found = terms.stems.get(key[:size])
        if found is not None:
            return found
    return None


def _translate_cyrillic(text: str) -> str:
    return _CYRILLIC_WORD.sub(lambda m: _russian_term(m.group(0)) or m.group(0), text)


def romanize_bgn(text: str) -> str:
    """Cyrillic letters by BGN/PCGN ("Хиквижн" -> "Khikvizhn"); any other character stays."""
    letters = load_cyrillic_terms().bgn_pcgn
    out: list[str] = []
    for char in text:
        latin = letters.get(char.lower())
        if latin is None:
            out.append(char)
        else:
            out.append(latin.capitalize() if char.isupper() else latin)
    return "".join(out)


@lru_cache(maxsize=1)
def _latin_tables() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """Romanized Russian words and stems -> English, and joined pinyin of Chinese terms -> English."""
    from rigour.text import ascii_text

    terms = load_cyrillic_terms()

    def forms(russian: str) -> set[str]:
        bgn = romanize_bgn(russian).replace("-", " ").lower()
        default = ascii_text(russian).replace("-", " ").lower()
        # ISO 9 / GOST 7.79 and German/Polish spellings write ц as c, х as h or ch, й as j.
        return {f for base in (bgn, default) for f in (base, base.replace("ts", "c"), base.replace("kh", "h"))}

    def latin(table: dict[str, str]) -> dict[str, str]:
        return {
            f: en
            for ru, en in table.items()
            if ru not in terms.not_latin
            for f in forms(ru)
            if len(f) >= MIN_LATIN_FORM and " " not in f
        }

    words, stems = latin(terms.words), latin(terms.stems)
    pinyin: dict[str, str] = {}
    from pypinyin import lazy_pinyin

    for term in load_chinese_terms():
        if len(term.zh) < 2:  # one character ("云" yun) is a syllable of too many names
            continue
        joined = "".join(lazy_pinyin(term.zh))
        if joined != term.en.replace(" ", ""):
            pinyin.setdefault(joined, term.en)
    return words, stems, pinyin


@lru_cache(maxsize=1)
def _pinyin_alternatives() -> dict[str, str]:
    """Joined pinyin of a Chinese term with a second reading -> that reading ("keji" -> "science and technology")."""
    from pypinyin import lazy_pinyin

    return {"".join(lazy_pinyin(t.zh)): t.alt for t in load_chinese_terms() if t.alt and len(t.zh) >= 2}


MIN_ABBREVIATIONS = 2  # one "Tech" is as often a name's own word ("Alpha Tech Trading")


def _abbreviations_written_out(text: str) -> str:
    """A vendor-master spelling (two abbreviations or more) with its ambiguous abbreviations written out."""
    from ictguard.screening.datafiles import load_vocabulary

    vocab = load_vocabulary()
    tokens = _LATIN_WORD.findall(text)
    lowered = [t.lower() for t in tokens]
    ambiguous = vocab.ambiguous_abbreviations
    if not any(w in ambiguous for w in lowered):
        return text
    if sum(w in ambiguous or w in vocab.abbreviations for w in lowered) >= MIN_ABBREVIATIONS:
        return " ".join(ambiguous.get(w, t) for w, t in zip(lowered, tokens, strict=True))
    # One abbreviation whose next word settles its reading ("Gen Trading"): only that one is written out.
    contexts = vocab.abbreviation_contexts
    settled = {
        i for i, (w, after) in enumerate(zip(lowered, lowered[1:], strict=False)) if after in contexts.get(w, ())
    }
    if not settled:
        return text
    return " ".join(ambiguous[w] if i in settled else t for i, (w, t) in enumerate(zip(lowered, tokens, strict=True)))


@lru_cache(maxsize=1)
def _equivalent_classes() -> dict[str, tuple[str, ...]]:
    """Word -> the other words of its class (equivalents), one per normalised form ("airlines" and "airline"
    normalise alike: one of them is enough)."""
    from ictguard.screening.datafiles import load_vocabulary
    from ictguard.screening.normalize import normalize

    classes: dict[str, list[str]] = {}
    for word, canonical in load_vocabulary().equivalents.items():
        classes.setdefault(canonical, [canonical]).append(word)
    out: dict[str, tuple[str, ...]] = {}
    for members in classes.values():
        for word in members:
            forms = {normalize(word).key: word}
            for other in members:
                forms.setdefault(normalize(other).key, other)
            out[word] = tuple(w for k, w in forms.items() if k != normalize(word).key)
    return out


def _equivalent_spellings(text: str, anywhere: bool = False) -> list[str]:
    """``text`` with its last word, when of an equivalents class, replaced by each other word of the class ("Kish Air"
    -> "Kish Airlines", "Kish Airways"). Only the query is rewritten: the list names keep their own words, so a
    typo in a listed-like word ("Alnaser Airilnes") still meets the listed spelling."""
    from ictguard.screening.datafiles import load_vocabulary

    classes = _equivalent_classes()
    legal = load_vocabulary().legal_forms
    tokens = _LATIN_WORD.findall(text)
    # The class word names the business only as the name's last word (legal forms aside): "Kish Air", "Meraj Air
    # Co.", not "Syrian Air Force Intelligence" or "Air Weapons Complex" (each rewrite is one more screening).
    last = len(tokens)
    while last > 1 and tokens[last - 1].lower() in legal:
        last -= 1
    if anywhere:  # a translated Persian name keeps the Persian order: the business word comes first
        last = next((i + 1 for i, t in enumerate(tokens) if t.lower() in classes), 0)
    elif last < 2:
        return []
    if last == 0:
        return []
    others = classes.get(tokens[last - 1].lower())
    if not others:
        return []
    return [" ".join([*tokens[: last - 1], other, *tokens[last:]]) for other in others]


def _pinyin_or_legal(word: str) -> bool:
    from ictguard.screening.datafiles import load_vocabulary
    from ictguard.screening.pinyin import split_pinyin, syllables

    return word in syllables() or split_pinyin(word) is not None or word in load_vocabulary().legal_forms


@lru_cache(maxsize=1)
def _trigger() -> re.Pattern[str]:
    """One pattern for every word a Latin rewrite would touch: romanized Russian words and stems, pinyin terms
    (their syllables with or without spaces between them), ambiguous abbreviations."""
    from pypinyin import lazy_pinyin

    from ictguard.screening.datafiles import load_vocabulary

    words, stems, pinyin = _latin_tables()
    spaced = {
        r"\s*".join(lazy_pinyin(t.zh))
        for t in load_chinese_terms()
        if len(t.zh) >= 2 and "".join(lazy_pinyin(t.zh)) in pinyin
    }
    vocab = load_vocabulary()
    whole = sorted(
        {
            *map(re.escape, words),
            *spaced,
            *map(re.escape, vocab.ambiguous_abbreviations),
            *map(re.escape, vocab.equivalents),
            *map(re.escape, vocab.equivalents.values()),
        }
    )
    prefixes = sorted(map(re.escape, stems))
    return re.compile(rf"\b(?:(?:{'|'.join(whole)})\b|(?:{'|'.join(prefixes)}))")


def _latin_term(word: str, words: dict[str, str], stems: dict[str, str]) -> str | None:
    found = words.get(word)
    if found is not None:
        return found
    for size in range(len(word), MIN_LATIN_FORM - 1, -1):
        found = stems.get(word[:size])
        if found is not None:
            return found
    return None


def _translate_latin(text: str, alternative: bool = False) -> str:
    """Romanized Russian business words and pinyin terms written in English; other words as they are.
    ``alternative``: pinyin terms in their second reading where they have one."""
    words, stems, pinyin = _latin_tables()
    alts = _pinyin_alternatives() if alternative else {}
    tokens = _LATIN_WORD.findall(text)
    if not tokens:
        return text
    lowered = [t.lower() for t in tokens]
    # Pinyin business words are read only in a name romanized from Chinese through and through: in "Shenzhen
    # Kaifa Technology" the pinyin word is a brand (开发 "development" would make it another firm).
    chinese = all(_pinyin_or_legal(w) for w in lowered)
    out: list[str] = []
    changed = False
    i = 0
    while i < len(lowered):
        for size in range(min(MAX_PINYIN_WORDS, len(lowered) - i) if chinese else 0, 0, -1):
            joined = "".join(lowered[i : i + size])
            english = alts.get(joined) or pinyin.get(joined)
            if english is not None:
                out.append(english)
                i += size
                changed = True
                break
        else:
            english = _latin_term(lowered[i], words, stems)
            out.append(english or tokens[i])
            changed = changed or (english is not None and english != lowered[i])
            i += 1
    return " ".join(out) if changed else text


def lone_abbreviation_spelling(name: str) -> tuple[str, frozenset[str]] | None:
    """A query with exactly one ambiguous abbreviation and no other ("Chengdu Xiwu Security Sys Alliance",
    "Minsk Wheeled Tractor Plt"): the query with it written out, and the words a listed name must carry for a hit
    of that spelling to count: the written-out word and the query's other words (legal forms aside). "Sys" is read
    "Systems" against "... Security System Alliance", never against a name that lacks the word."""
    from ictguard.screening.datafiles import load_vocabulary

    vocab = load_vocabulary()
    ambiguous = vocab.ambiguous_abbreviations
    tokens = _LATIN_WORD.findall(name)
    lowered = [t.lower() for t in tokens]
    found = [i for i, w in enumerate(lowered) if w in ambiguous]
    if len(found) != 1 or len(tokens) < 3 or any(w in vocab.abbreviations for w in lowered):
        return None  # two or more: _abbreviations_written_out's business; a two-word name is too little context
    if lowered[found[0]] in vocab.abbreviation_contexts:
        return None  # its reading is settled by the next word only (in_context: "Gen Trading", not "Gen Digital")
    i = found[0]
    full = ambiguous[lowered[i]]
    # The name's other words (legal forms aside) must all be the listed name's too: the written-out word is then the
    # only difference. Without this "Shenzhen Utepo Tech Co" met "Shenzhen Tenco Technology Co" (0.91) and
    # "Element Labs" met "Eluent Laboratories" on the IEEE registry names.
    legal = vocab.legal_forms  # a two-word legal form counts as one ("Ltd Sti": Limited Şirketi)
    paired = {
        k + d
        for k, pair in enumerate(zip(lowered, lowered[1:], strict=False))
        if " ".join(pair) in legal
        for d in (0, 1)
    }
    others = {w for j, w in enumerate(lowered) if j != i and w not in legal and j not in paired}
    return " ".join([*tokens[:i], full, *tokens[i + 1 :]]), frozenset({*full.split(), *others})
