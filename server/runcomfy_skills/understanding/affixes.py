"""The bare word inside a word with glued little words (`tables/affixes.yaml`).

Hebrew and Arabic write "and", "the", "in", "to" and pronouns onto the word ("והסרטון", "وبالفيديو",
"صورتها"), Persian writes its plural and pronouns onto it ("عکس‌هایش"). A term lists the bare word;
a text's word is also read as each bare stem the table allows, so one term covers every combination.
The table is read once; a word's stems are computed once per spelling (normalize caches forms).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Script:
    """One script's glued letters: prefix slots in writing order, endings, how a bare stem ends."""

    letters: re.Pattern[str]
    before: tuple[tuple[str, ...], ...]
    after: tuple[str, ...]
    stem_end: dict[str, str]
    min_stem: int
    end_replaces: bool  # the stem is only ever written with its end letter (Hebrew final letters)
    whole: tuple[str, ...]  # words whose edge letters are their own (also inside longer words)

    def stems(self, word: str) -> list[str]:
        """The word without each allowed combination of glued letters (the word itself not included)."""
        bare = _unprefixed(word, self.before, self.min_stem, self.whole)
        out = list(bare)
        for w in bare:
            for ending in () if w.endswith(self.whole) else self.after:
                if w.endswith(ending) and len(w) - len(ending) >= self.min_stem:
                    stem = w[:-len(ending)]
                    last = self.stem_end.get(stem[-1])
                    if not (last and self.end_replaces):
                        out.append(stem)
                    if last:
                        out.append(stem[:-1] + last)
                    break  # one ending: the longest listed that fits
        return list(dict.fromkeys(out))[1:]


def _unprefixed(word: str, slots: tuple[tuple[str, ...], ...], min_stem: int, whole: tuple[str, ...]) -> list[str]:
    """The word, then the word without each combination of one prefix per slot (in writing order)."""
    bare = [word]
    for slot in slots:
        bare += [w[len(p):] for w in bare if not w.startswith(whole) for p in slot
                 if w.startswith(p) and len(w) - len(p) >= min_stem]
    return bare


@dataclass(frozen=True)
class Inflection:
    """A language whose words a text in it also reads without their inflections (`spoken` in the table)."""

    before: tuple[tuple[str, ...], ...]
    endings: tuple[tuple[str, str], ...]  # written ending → the plain word's, longest first
    min_stem: int

    def plain(self, word: str) -> list[str]:
        """The plain words `word` may be an inflection of (not `word` itself)."""
        out = []
        for w in _unprefixed(word, self.before, self.min_stem, ()):
            out.append(w)
            for written, plain in self.endings:
                if w.endswith(written) and len(w) - len(written) >= self.min_stem:
                    out.append(w[:-len(written)] + plain)
                    break
        return [w for w in dict.fromkeys(out) if w != word]


def _inflections() -> dict[str, Inflection]:
    data = yaml.load((resources.files("runcomfy_skills.understanding") / "tables" / "affixes.yaml").read_text("utf-8"),
                     Loader=_Loader)
    return {lang: Inflection(tuple(tuple(s) for s in entry.get("before", ())),
                             tuple(sorted(((str(k), str(v or "")) for k, v in entry.get("endings", {}).items()),
                                          key=lambda kv: len(kv[0]), reverse=True)), int(entry["min_stem"]))
            for lang, entry in data.get("spoken", {}).items()}


INFLECTIONS = _inflections()


def plain_forms(word: str, spoken: frozenset[str]) -> list[str]:
    """The plain words a word of a text in these languages may be an inflection of (remembered per word)."""
    return [w for lang in sorted(spoken & INFLECTIONS.keys()) for w in _plain(word, lang)]


@lru_cache(maxsize=16384)
def _plain(word: str, lang: str) -> tuple[str, ...]:
    return tuple(INFLECTIONS[lang].plain(word))


def _load() -> tuple[Script, ...]:
    text = (resources.files("runcomfy_skills.understanding") / "tables" / "affixes.yaml").read_text("utf-8")
    data = yaml.load(text, Loader=_Loader)
    scripts = []
    for entry in data["scripts"].values():
        scripts.append(Script(re.compile(f"[{entry['letters']}]"), tuple(tuple(s) for s in entry.get("before", ())),
                              tuple(sorted(entry.get("after", ()), key=len, reverse=True)), dict(entry.get("stem_end", {})),
                              int(entry["min_stem"]), bool(entry.get("end_replaces", False)),
                              tuple(str(w) for w in entry.get("whole", ()))))
    return tuple(scripts)


SCRIPTS = _load()


@dataclass(frozen=True)
class Gluing:
    """A language whose verb prefixes and infix are glued on in the text but not written in its terms."""

    before: tuple[str, ...]
    infix: str
    min_word: int
    whole: frozenset[str]  # words that would become another language's word ("di" + "wali" is Diwali)

    def forms(self, word: str) -> list[str]:
        if len(word) < self.min_word or not word.isalpha() or word in self.whole:
            return []
        out = [p + word for p in self.before]
        if self.infix:  # after the first consonant, or before a first vowel (Tagalog bura → binura, alis → inalis)
            out.append(self.infix + word if word[0] in "aeiou" else word[0] + self.infix + word[1:])
        return out


def _gluing() -> dict[str, Gluing]:
    data = yaml.load((resources.files("runcomfy_skills.understanding") / "tables" / "affixes.yaml").read_text("utf-8"),
                     Loader=_Loader)
    return {lang: Gluing(tuple(entry.get("before", ())), str(entry.get("infix", "")), int(entry["min_word"]),
                         frozenset(entry.get("whole", ())))
            for lang, entry in data.get("languages", {}).items()}


GLUING = _gluing()


def glued(word: str, lang: str) -> list[str]:
    """A term word of `lang` with each of its language's glued prefixes and infix (build time only)."""
    return GLUING[lang].forms(word)


def unglued(word: str, lang: str) -> list[str]:
    """The words of `lang` that `glued` could have made `word` from (none for a language without gluing)."""
    gluing = GLUING.get(lang)
    if gluing is None:
        return []
    out = [word[len(p):] for p in gluing.before if word.startswith(p)]
    infix = gluing.infix
    if infix and word.startswith(infix):
        out.append(word[len(infix):])
    if infix and word[1:1 + len(infix)] == infix:
        out.append(word[0] + word[1 + len(infix):])
    return [w for w in out if word in gluing.forms(w)]


def stems(word: str) -> list[str]:
    """The bare stems of a word of a script with glued little words ([] for any other word)."""
    for script in SCRIPTS:
        if script.letters.match(word):
            return script.stems(word)
    return []
