"""Which languages a text is written in, and the false friends that follow from it.

Terms match in every language at once, so a short word of one language can be a term of another:
"son" is a child in English and "his" in French, "da" a district attorney and Portuguese "of the".
The little words of each language (`function_word` in language.yaml and its extensions) say which
languages a text is in; a one-word term of a language the text is not in, whose word is a little
word or a known false friend (`false_friend`, language_false_friends.yaml) of a language it is in,
is that language's word and does not count.

A little word several languages share (Hinglish "is" is English "is" too, Roman Urdu "us" English "us")
is a sign of only those of its languages that other little words of the text show, when there are such
(`spoken_languages`): an English text with "is" and "us" in it is not Hindi, "is photo ko hata do" still is.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Set

from runcomfy_skills.understanding.normalize import strip_accents
from runcomfy_skills.understanding.patterns import Match

FUNCTION_WORD = "function_word"
FALSE_FRIEND = "false_friend"


def little_words(terms: Mapping[str, list[str]]) -> dict[str, frozenset[str]]:
    """Each little word or false friend (case and accents off) → the languages it is a word of."""
    words: dict[str, set[str]] = {}
    for lang, listed in terms.items():
        for word in listed:
            for spelling in {word.casefold(), strip_accents(word.casefold())}:
                words.setdefault(spelling, set()).add(lang)
    return {w: frozenset(langs) for w, langs in words.items()}


def spoken_languages(words: Mapping[str, Set[str]]) -> frozenset[str]:
    """The languages a text's little words show (each different word → the languages it is a word of). A word
    of one language shows it. A shared word shows those of its languages that two words of their own show
    (an English text: "is" and "us" are English), else those another word shows too, else all of them."""
    own = Counter(lang for langs in words.values() if len(langs) == 1 for lang in langs)
    sure = {lang for lang, n in own.items() if n > 1}
    shown = Counter(lang for langs in words.values() for lang in langs)
    out = set(own)
    for langs in words.values():
        if len(langs) > 1:
            out |= (langs & sure) or {lang for lang in langs if shown[lang] > 1} or langs
    return frozenset(out)


def well_shown(words: Mapping[str, Set[str]], spoken: Set[str]) -> frozenset[str]:
    """Of the spoken languages, those two different little words of the text show, or one of its own of four
    letters or more ("mikham", "tsyu"): enough to read its other words as words of that language (romanised.py,
    inflections); one short shared word ("ke") in a text of invented words is not."""
    shown = Counter(lang for langs in words.values() for lang in langs)
    own = {lang for word, langs in words.items() if len(langs) == 1 and len(word) >= 4 for lang in langs}
    return frozenset(lang for lang in spoken if shown[lang] > 1 or lang in own)


def drop_false_friends(found: dict[str, list[Match]], little: Mapping[str, frozenset[str]],
                       beside: Set[str] = frozenset()) -> None:
    """Take out, in place, the matches that are another language's little word (see the module doc); `beside`:
    languages the text is read in besides those its own little words show (a file name's request's)."""
    words: dict[str, set[str]] = {}
    for m in found.get(FUNCTION_WORD, ()):
        if not _marked_beyond(m):
            words.setdefault(m.found, set()).add(m.lang)
    spoken = spoken_languages(words) | beside
    if not spoken:
        return  # no language recognised: every term counts
    for name, matches in found.items():
        if name in (FUNCTION_WORD, FALSE_FRIEND):
            continue
        friends = [m for m in matches if m.found in little and _false_friend(m, spoken, little)]
        if friends:  # rare: the list is only rebuilt then
            found[name] = [m for m in matches if m not in friends]


def _marked_beyond(match: Match) -> bool:
    """A word written with marks its term lacks (Vietnamese "đỏ", "nữ" read as "do", "nu"): the marks
    say it is not that term's language, so it is no sign of that language being spoken."""
    return match.found != match.text and strip_accents(match.found) == match.text


def _false_friend(match: Match, spoken: Set[str], little: Mapping[str, frozenset[str]]) -> bool:
    if match.dense or not match.lang or match.lang == "any" or match.lang in spoken:
        return False
    return not little[match.found].isdisjoint(spoken)
