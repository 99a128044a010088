"""Text → one folded string and its tokens, each token with the spellings it may stand for.

People and attackers write the same word many ways: full-width `ｎｕｄｅ`, `n4ked`, `p o r n`,
`nаked` with a Cyrillic a, `cámbiale la cara` without its accent, a zero-width space inside a word.
`fold` undoes what can be undone for the whole text (NFKC, invisibles, case, contractions);
`tokens` splits it and gives every token its extra forms (accents stripped, leetspeak read as
letters, look-alike letters read as Latin, glued Hebrew, Arabic and Persian little words taken off:
affixes.py). Matching looks a term up under every form, so a form costs one dictionary lookup, never a rescan.

Scripts written without spaces (Chinese, Japanese, Korean, Thai) and emoji are matched as
substrings of `dense`, the folded text with the spaces between such characters removed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources

import yaml

from runcomfy_skills.understanding.affixes import stems

# Zero-width, soft hyphen, bidi controls and other format characters a reader never sees.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_INVISIBLE = dict.fromkeys(
    [0x00AD, 0x034F, 0x061C, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180E, 0x3164, 0xFEFF, 0xFFA0,
     *range(0x200B, 0x2010), *range(0x202A, 0x202F), *range(0x2060, 0x2070), *range(0xFE00, 0xFE10)],
    None,
)
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u02bc": "'", "`": "'", "\u00b4": "'", "\u201c": '"',
                         "\u201d": '"', "\u00ab": '"', "\u00bb": '"'})
_URL = re.compile(r"https?://\S+|www\.\S+")
_CONTRACTIONS = re.compile(r"(?<=[a-z])'(s|m|re|ll|ve|d)\b|(?<=[a-z])n't\b")
_MID_SYMBOL = re.compile(r"(?<=[^\W\d_])[@$](?=[^\W\d_])")
_EXPAND = {"s": " s", "m": " am", "re": " are", "ll": " will", "ve": " have", "d": " would"}
# Letters, digits and the combining marks of the scripts we read (Indic and Thai vowel signs are marks).
_DENSE_CHARS = r"\u0e00-\u0eff\u1100-\u11ff\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f"
_DENSE_START = re.compile(rf"[{_DENSE_CHARS}]")
# Characters that make a text worth a dense pass: spaceless scripts, emoji and other symbols.
_DENSE_OR_SYMBOL = re.compile(rf"[{_DENSE_CHARS}\U0001F000-\U0010FFFF\u2600-\u27bf\u2190-\u21ff\u2300-\u23ff"
                              r"\u2b00-\u2bff\u00a2-\u00a9\u00ae-\u00b1\u00b4\u00d7\u00f7]")
_MARKS = (r"\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0900-\u0dff"
          r"\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f")
# A dense run, a number ("13yo" is "13" "yo"), or a word (which may hold digits: "n4ked"), or "@handle".
_TOKEN = re.compile(rf"[{_DENSE_CHARS}]+|[0-9]+|(?:(?![{_DENSE_CHARS}])[^\W_]|[{_MARKS}])+|@(?=\w)")
# Look-alike letters (Cyrillic, Greek) read as the Latin letter they imitate.
_CONFUSABLE = str.maketrans("аеорсухіјѕԁһӏοαεντκιρυχѵьзбт", "aeopcyxijsdhloaevtkipuxvb36t")


def _han_table() -> dict[int, str]:
    text = (resources.files("runcomfy_skills.understanding") / "tables" / "traditional_simplified.txt").read_text("utf-8")
    pairs = (line.split() for line in text.splitlines() if line and not line.startswith("#"))
    return {ord(a): b for a, b in pairs}


_TRADITIONAL = _han_table()
_CODES = frozenset(line.strip() for line in (resources.files("runcomfy_skills.understanding") / "tables" / "codes.txt")
                   .read_text("utf-8").splitlines() if line.strip() and not line.startswith("#"))  # mp4 is not leetspeak
_LEET = str.maketrans("013457@$8!9", "oieastasbig")
_LEET_CYRILLIC = str.maketrans("0134678", "оиечбтв")  # "сген3р1ровано" is "сгенерировано"
_STRIP_EXTRA = str.maketrans("đłøıŀħ", "dloilh")


def _breaks(table: dict[str, dict[str, list[str]]], kind: str, marks: str) -> re.Pattern[str]:
    """Punctuation `marks` or a word of `tables/breaks.yaml` under `kind` (a spaceless-script word anywhere)."""
    words = sorted({fold(str(w)) for ws in table[kind].values() for w in ws}, key=len, reverse=True)
    whole = "|".join(re.escape(w) for w in words if not is_dense_term(w))
    anywhere = "".join(f"|{re.escape(w)}" for w in words if is_dense_term(w))
    return re.compile(f"[{marks}]+|(?<!\\w)(?:{whole})(?![\\w{_MARKS}]){anywhere}")  # Indic words end in marks


def _dense_script(ch: str) -> bool:
    """Scripts written without spaces between words, plus emoji and other symbols."""
    o = ord(ch)
    return (0x2E80 <= o <= 0x9FFF or 0xAC00 <= o <= 0xD7AF or 0x1100 <= o <= 0x11FF or 0x3130 <= o <= 0x318F
            or 0x0E00 <= o <= 0x0EFF or 0xF900 <= o <= 0xFAFF or 0xFF66 <= o <= 0xFF9F or o >= 0x1F000
            or 0x2600 <= o <= 0x27BF or 0x20000 <= o)


def is_dense_term(term: str) -> bool:
    """A term matched as a substring: it is written in a spaceless script, or is an emoji/symbol."""
    return not term.isascii() and _DENSE_OR_SYMBOL.search(term) is not None


@dataclass(frozen=True)
class Token:
    forms: tuple[str, ...]  # the token as written (folded) first, then its other readings
    start: int  # offsets in `Folded.text`
    end: int
    clause: int


@dataclass(frozen=True)
class Folded:
    text: str  # folded text (tokens' offsets point here)
    tokens: tuple[Token, ...]
    dense: str  # folded text without the spaces between spaceless-script characters ("" if none)
    dense_clauses: tuple[int, ...]  # offsets in `dense` where a new clause starts
    clause_count: int
    breaks: tuple[int, ...] = ()  # offsets of commas and "but"s in `text`
    dense_breaks: tuple[int, ...] = ()  # the same in `dense`
    repaired: frozenset[str] = frozenset()  # words read as a term word they are a typo of (typos.py)


# Decimal digits of other scripts read as ASCII ("١٢" and "१२" are 12): Arabic-Indic, Persian,
# Devanagari, Bengali, Thai.
_DIGITS = {zero + n: str(n) for zero in (0x660, 0x6F0, 0x966, 0x9E6, 0xE50) for n in range(10)}
_PLUS = re.compile(r"(?<=\d)\+")  # "18+" is read as "18 plus"
_LEADING_PLUS = re.compile(r"(?<![\w+])\+(\d{2})(?!\d)")  # "+18" too (two digits: not a phone number)


def fold(text: str) -> str:
    """NFKC (full-width, ligatures), invisibles out, straight quotes, traditional Han as simplified, other
    scripts' digits as ASCII, case folded, URLs, contractions and "18+" / "+18" read."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text).translate(_INVISIBLE).translate(_QUOTES).translate(_TRADITIONAL)
        text = text.translate(_DIGITS)
    text = _URL.sub(" ", text.casefold().replace("`", "'"))
    text = _MID_SYMBOL.sub(lambda m: "a" if m.group() == "@" else "s", text)  # n@ked, a$$
    text = text.replace("++", "plusplus")  # "ACE++" stays one name
    text = _LEADING_PLUS.sub(r"\1 plus ", _PLUS.sub(" plus", text))
    return _CONTRACTIONS.sub(lambda m: _EXPAND[m.group(1)] if m.group(1) else " not", text)


@lru_cache(maxsize=16384)
def forms_of(word: str) -> tuple[str, ...]:
    """The spellings a token may stand for, the word itself first."""
    out = [word]
    if not word.isascii():
        stripped = strip_accents(word)
        if stripped != word:
            out.append(stripped)
        if any("\u0400" <= c <= "\u04ff" or "\u0370" <= c <= "\u03ff" for c in word):
            latin = word.translate(_CONFUSABLE)
            if latin.isascii() and latin not in out:
                out.append(latin)  # "nаked" with a Cyrillic а; a Russian word stays Russian too
        out += [s for s in stems(word) if s not in out]  # Hebrew, Arabic, Persian glued little words
    if word[0].isalpha() and any(c in "013457@$8!9" for c in word) and not word.isdigit() and word not in _CODES:
        leet = word.translate(_LEET_CYRILLIC if any("\u0400" <= c <= "\u04ff" for c in word) else _LEET)
        if leet not in out:
            out.append(leet)
    return tuple(out)


@lru_cache(maxsize=16384)
def strip_accents(word: str) -> str:
    """Latin, Greek and Cyrillic accents, Arabic and Hebrew vowel points off; Indic vowel signs stay."""
    decomposed = unicodedata.normalize("NFD", word)
    kept = "".join(c for c in decomposed if not ("\u0300" <= c <= "\u036f" or "\u064b" <= c <= "\u065f"
                                                 or "\u0591" <= c <= "\u05c7"))
    return unicodedata.normalize("NFC", kept).translate(_STRIP_EXTRA)


def _clause_starts(text: str) -> list[int]:
    return [m.end() for m in _CLAUSE_END.finditer(text)]


def _words(text: str) -> list[tuple[str, int, int, str]]:
    """Raw tokens with offsets and another spelling they may stand for ("" if none); a run of single letters
    ('p o r n', 'n.u.d.e') is read as one word."""
    out: list[tuple[str, int, int, str]] = []
    run: list[tuple[str, int, int]] = []
    gap = ""  # what separates the letters of the current run: "p o r n", "n.u.d.e", "s-e-x"
    for m in _TOKEN.finditer(text):
        word = m.group()
        single = len(word) == 1 and word.isalpha() and not (out and not run and out[-1][2] == m.start()
                                                             and out[-1][0].isdigit())  # "733n" is one word
        between = text[run[-1][2]:m.start()] if run else ""
        if single and run and len(between) <= 2 and (len(run) == 1 or between == gap):
            gap = between
            run.append((word, m.start(), m.end()))
            continue
        _flush(run, out)
        run = [(word, m.start(), m.end())] if single else []
        if not single:
            before = out[-1] if out else None
            if before and before[2] == m.start() and before[0].isdigit() and len(before[0]) <= 5 and len(before[0] + word) >= 4:
                out.append((word, m.start(), m.end(), (before[0] + word).translate(_LEET)))  # "5exy": a leet "s"
            else:
                out.append((word, m.start(), m.end(), ""))
    _flush(run, out)
    return out


def _flush(run: list[tuple[str, int, int]], out: list[tuple[str, int, int, str]]) -> None:
    also = ""
    if len(run) >= 4 and run[0][0] in ("a", "i") and run[1][1] - run[0][2] == 1:
        out.append((*run[0], ""))  # "make a p o r n clip": the article stays a word of its own,
        also = "".join(w for w, _, _ in run)  # and "a n a l" is a word too
        run = run[1:]
    if len(run) >= 3:
        out.append(("".join(w for w, _, _ in run), run[0][1], run[-1][2], also))
    else:
        out.extend((*r, "") for r in run)


# Where a clause ends (what a harm rule reads together stays within one): a full stop or question mark of any
# script, a new line, or a word such as "then". Where a "keep …" stretch ends: a comma or a "but".
_BREAK_WORDS = yaml.load((resources.files("runcomfy_skills.understanding") / "tables" / "breaks.yaml").read_text("utf-8"),
                         Loader=_Loader)
_CLAUSE_END = _breaks(_BREAK_WORDS, "clause", r".;!?\n\u3002\uff01\uff1f\uff1b\u061f\u06d4\u0964")
_SOFT_BREAK = _breaks(_BREAK_WORDS, "soft", r",\uff0c\u3001\u060c")
_PHRASE_SPACED = re.compile(r"[\u0e00-\u0eff]")  # Thai and Lao: a space ends a phrase, not a word
_DENSE_QUOTES = frozenset("「」『』【】〈〉《》〔〕“”\"'（）()")


def densify(text: str) -> tuple[str, list[int], list[int]]:
    """Drop whitespace that sits between two spaceless-script characters; map clause starts to new offsets.
    Thai and Lao put no space between words and a space between phrases: where such a space was dropped
    is a soft break (third list), as a comma is elsewhere."""
    out: list[str] = []
    starts = set(_clause_starts(text))
    dense_starts: list[int] = []
    spaces: list[int] = []
    n = len(text)
    i = 0
    while i < n:
        if i in starts:
            dense_starts.append(len(out))
        c = text[i]
        if c in _DENSE_QUOTES:
            i += 1  # 「パロディ」と明記 reads as パロディと明記
            continue
        if c.isspace() and out and _dense_script(out[-1]):
            j = i
            while j < n and text[j].isspace():
                j += 1
            if j < n and _dense_script(text[j]):
                if _PHRASE_SPACED.match(out[-1]) and _PHRASE_SPACED.match(text[j]):
                    spaces.append(len(out))
                i = j
                continue
        out.append(c)
        i += 1
    return "".join(out), dense_starts, spaces


def with_forms(folded: Folded, extra: Callable[[int, Token], Iterable[str]]) -> Folded:
    """`folded` with each token's other readings (`extra(i, token)`) after its own; the same `folded` if none."""
    fixed = list(folded.tokens)
    changed = False
    for i, token in enumerate(fixed):
        more = [w for w in extra(i, token) if w not in token.forms]
        if more:
            fixed[i] = Token((*token.forms, *dict.fromkeys(more)), token.start, token.end, token.clause)
            changed = True
    return replace(folded, tokens=tuple(fixed)) if changed else folded


def analyse(text: str) -> Folded:
    """Fold `text` once and cut it into tokens (linear in its length)."""
    folded = fold(text)
    starts = _clause_starts(folded)
    tokens = []
    clause = 0
    for word, start, end, also in _words(folded):
        while clause < len(starts) and starts[clause] <= start:
            clause += 1
        if _DENSE_START.match(word):
            continue  # matched as a substring of `dense`
        forms = forms_of(word)
        if also and also not in forms:
            forms = (*forms, *(f for f in forms_of(also) if f not in forms))
        tokens.append(Token(forms, start, end, clause))
    breaks = tuple(m.start() for m in _SOFT_BREAK.finditer(folded))
    if folded.isascii() or not _DENSE_OR_SYMBOL.search(folded):
        return Folded(folded, tuple(tokens), "", (), len(starts) + 1, breaks)
    dense, dense_starts, spaces = densify(folded)
    dense_breaks = tuple(sorted({*spaces, *(m.start() for m in _SOFT_BREAK.finditer(dense))}))
    return Folded(folded, tuple(tokens), dense, tuple(dense_starts), len(starts) + 1, breaks, dense_breaks)
