"""The bare word inside a word with glued little words (`tables/affixes.yaml`).

Hebrew and Arabic write "and", "the", "in", "to" and pronouns onto the word ("והסרטון", "وبالفيديو",
"صورتها"), Persian writes its plural and pronouns onto it ("عکس‌هایش"). A term lists the bare word;
a text's word is also read as each bare stem the table allows, so one term covers every combination.
The table is read once; a word's stems are computed once per spelling (normalize caches forms).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
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
        bare = [word]
        for slot in self.before:
            bare += [w[len(p):] for w in bare if not w.startswith(self.whole) for p in slot
                     if w.startswith(p) and len(w) - len(p) >= self.min_stem]
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


def stems(word: str) -> list[str]:
    """The bare stems of a word of a script with glued little words ([] for any other word)."""
    for script in SCRIPTS:
        if script.letters.match(word):
            return script.stems(word)
    return []
