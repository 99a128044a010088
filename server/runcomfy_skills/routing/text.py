"""Request text → stemmed tokens, and cue phrases found in them (for the router).

Users write "removing", "remvoe", "lip-sync", "keep the faces the same": the matcher stems words,
repairs one-letter typos against the cue vocabulary, treats hyphens as spaces, and marks words
that only say what must *stay* ("keep pose, clothing and hair") so they do not count as the thing
to change. Pure and cheap: a phrase index is built once per cue list.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

_URL = re.compile(r"https?://\S+")
_TOKEN = re.compile(r"[a-z0-9]+|[.;!?]")
_FOREIGN_WORD = re.compile(r"[\w'’-]*[^\x00-\x7f\s.,;:!?()\[\]\"“”«»「」。，！？、][\w'’-]*")
_CLAUSE_END = {".", ";", "!", "?"}

# Common words one letter away from a cue word: never "repair" them into the cue.
_REAL_WORDS = {
    "walking", "walked", "talking", "balking", "short", "shirts", "shoots", "shorts", "moves", "movie",
    "movies", "signs", "single", "sings", "things", "change", "charge", "chance", "chancer", "reader",
    "leader", "header", "louder", "clothe", "closes", "person", "prison", "poison", "looked", "locked",
    "faced", "faces", "facet", "spoken", "spokes", "stays", "stage", "style", "styles", "stole", "there",
    "where", "these", "those", "their", "three", "throw", "tracks", "trick", "places", "plates", "planes",
    "remote", "remind", "render", "recover", "replay", "reply", "sounds", "round", "mounted", "wonder",
    "wander", "dancer", "dancers", "danced", "prance", "motions", "notion", "lotion", "portal", "portrait",
    "imagine", "images", "imaged", "frame", "framed", "flame", "blame", "blaze", "blurt", "actors", "factor",
    "actress", "voices", "voiced", "invoice", "choice", "scenes", "scent", "scened", "cable", "table",
    "fable", "label", "labels", "level", "wired", "wider", "tired", "hired", "cloud", "clout", "clean",
    "glean", "clear", "cleat", "later", "layer", "water", "wafer", "sticker", "stickers", "animal",
    "animals", "animated", "animator", "season", "reason", "treason", "seasons", "speaker", "speaks",
    "sneaks", "older", "order", "folder", "holder", "golder", "bolder", "younger", "longer",
}

EDIT_VERBS = {
    "remov", "eras", "delet", "replac", "swap", "chang", "mak", "make", "turn", "put", "add", "giv",
    "restyl", "convert", "tak", "take", "get", "insert", "blur", "hid", "hide", "paint", "clean", "us", "use",
    "animat", "recolor", "recolour", "transform",
}
_KEEP_FORWARD = {"keep", "preserv", "maintain", "retain", "leav", "leave", "protect"}
_KEEP_NEGATED = {"chang", "touch", "alter", "modifi", "edit"}
_NEGATORS = {"t", "not", "never", "without", "no"}
_KEEP_BACKWARD = {"intact", "unchang", "untouch", "stay", "remain"}

KIND_WORDS = {
    "video": {"video", "vid", "clip", "footag", "movi", "film", "reel", "mp4", "mov", "tiktok", "youtub", "webm"},
    "image": {"photo", "imag", "pictur", "pic", "still", "selfi", "portrait", "headshot", "poster", "jpg",
              "jpeg", "png", "screenshot", "webp"},
    "audio": {"audio", "mp3", "wav", "voiceover", "voic", "recording", "record", "song", "narration", "memo",
              "podcast", "speech", "m4a", "talk", "speak", "sing", "lip", "lipsync"},
}


def normalize(text: str) -> str:
    """Lower case, full-width forms folded, URLs dropped, '&' and '+' read as 'and', hyphens and slashes as
    spaces. A word with letters outside ASCII ("catálogo", "mặt") is another language's word: it is left to
    the understanding layer, never matched piecemeal against the English cues ("logo", "matte")."""
    if not text.isascii():
        text = _FOREIGN_WORD.sub(" ", unicodedata.normalize("NFKC", text).replace("’", "'").replace("‘", "'"))
    text = _URL.sub(" ", text.lower())
    text = text.replace("&", " and ").replace("+", " and ").replace("’", "'")
    return re.sub(r"[-_/]", " ", text)


# Chat shorthand read as the word it stands for ("black n white", "the whole vid", "w/ a sunset").
_SHORTHAND = {"n": "and", "u": "you", "ur": "your", "w": "with", "vid": "video", "vids": "videos", "pic": "photo",
              "pics": "photos", "pls": "please", "plz": "please", "bg": "background", "tshirt": "t shirt"}


def canon(token: str) -> list[str]:
    return _SHORTHAND.get(token, token).split()


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    """A deliberately crude suffix stripper: the same on both sides is all matching needs."""
    if len(word) <= 3 or word.isdigit():
        return word
    for suffix in ("ify", "ize", "ise", "ish"):  # cartoonify, winterize, anonymise → their root
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return stem(word[: -len(suffix)])
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("y") and len(word) >= 5 and word[-2] not in "aeiouy":
        word = word[:-1]  # snowy → snow, foggy → fog
    for suffix in ("ly", "ing", "ed", "es", "s", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    if len(word) >= 4 and word[-1] == word[-2] and word[-1] not in "aeiou":
        word = word[:-1]
    return word


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


@dataclass(frozen=True)
class Phrase:
    text: str
    stems: tuple[str, ...]
    label: str  # which list it came from, e.g. "skill:face-swap:cues"

    @property
    def weight(self) -> float:
        """Longer phrases are more specific: one word 1.0, two 1.25, three or more 1.5."""
        return 1.0 + 0.25 * min(len(self.stems) - 1, 2)


@dataclass(frozen=True)
class Hit:
    phrase: Phrase
    start: int
    end: int  # exclusive token index


class Vocabulary:
    """The cue words of a catalog, for one-letter typo repair ("watermrk" → "watermark")."""

    def __init__(self, words: Iterable[str]) -> None:
        self.words = {w for w in words if w.isalpha()}
        self._index: dict[str, str] = {}
        for word in sorted(self.words):
            if len(word) >= 5:
                for key in {word, *_deletes(word)}:
                    self._index.setdefault(key, word)

    def repair(self, token: str) -> str:
        if len(token) < 6 or not token.isalpha() or token in self.words or token in _REAL_WORDS:
            return token
        for key in (token, *sorted(_deletes(token))):
            word = self._index.get(key)
            if word and word[0] == token[0] and abs(len(word) - len(token)) <= 1:
                return word
        return token


class TextView:
    """One request text, tokenised once: stems, which tokens are only 'kept', clause numbers."""

    def __init__(self, text: str, vocabulary: Vocabulary | None = None, known: frozenset[str] = frozenset()) -> None:
        """`known`: words another reader already understood (a French "retire"), never "repaired" into a cue."""
        raw = _TOKEN.findall(normalize(text))
        words, clauses, clause = [], [], 0
        for tok in raw:
            if tok in _CLAUSE_END:
                clause += 1
                continue
            for part in canon(tok):
                words.append(vocabulary.repair(part) if vocabulary and part not in known else part)
                clauses.append(clause)
        self.words: list[str] = words
        self.stems: list[str] = [stem(w) for w in words]
        self.clauses: list[int] = clauses
        self.protected: list[bool] = self._protect()
        self.kinds: set[str] = {k for k, ws in KIND_WORDS.items() if ws.intersection(self._live_stems())}

    def _live_stems(self) -> list[str]:
        return [s for s, p in zip(self.stems, self.protected) if not p]

    def _protect(self) -> list[bool]:
        """Mark the words after 'keep'/'preserve'/"don't change" (and before 'intact', 'stay') as kept."""
        n, stems = len(self.stems), self.stems
        out = [False] * n
        for i, s in enumerate(stems):
            forward = s in _KEEP_FORWARD or (s in _KEEP_NEGATED and i > 0 and stems[i - 1] in _NEGATORS)
            if forward:
                for j in range(i + 1, n):
                    if self.clauses[j] != self.clauses[i] or stems[j] in EDIT_VERBS or stems[j] in ("but", "then"):
                        break
                    out[j] = True
            elif s in _KEEP_BACKWARD:
                for j in range(i - 1, -1, -1):
                    if self.clauses[j] != self.clauses[i] or stems[j] in EDIT_VERBS or stems[j] in ("but", "while"):
                        break
                    out[j] = True
        return out


class PhraseIndex:
    """Phrases keyed by their first stem; a joined variant catches 'lip sync' vs 'lipsync'."""

    def __init__(self, phrases: Iterable[Phrase]) -> None:
        self._by_first: dict[str, list[Phrase]] = {}
        for phrase in phrases:
            if not phrase.stems:
                continue
            self._by_first.setdefault(phrase.stems[0], []).append(phrase)
            if len(phrase.stems) > 1:
                joined = Phrase(phrase.text, (stem("".join(normalize(phrase.text).split())),), phrase.label)
                self._by_first.setdefault(joined.stems[0], []).append(joined)

    def find(self, view: TextView) -> list[Hit]:
        """Every phrase occurrence whose first word is not a 'kept' word, longest first."""
        hits = []
        stems = view.stems
        for i, first in enumerate(stems):
            if view.protected[i]:
                continue
            for phrase in self._by_first.get(first, ()):
                k = len(phrase.stems)
                if tuple(stems[i : i + k]) == phrase.stems:
                    hits.append(Hit(phrase, i, i + k))
        return hits


def compile_phrases(texts: Iterable[str], label: str) -> list[Phrase]:
    out = []
    for text in texts:
        stems = tuple(stem(p) for w in _TOKEN.findall(normalize(text)) if w not in _CLAUSE_END for p in canon(w))
        if stems:
            out.append(Phrase(text, stems, label))
    return out


def split_refs(items: Iterable[str]) -> tuple[list[str], tuple[str, ...]]:
    """A cue list's words, and the concepts it names (`@remove`: removal in any language)."""
    items = list(items)
    return [i for i in items if not i.startswith("@")], tuple(i[1:] for i in items if i.startswith("@"))


def phrase_words(texts: Iterable[str]) -> set[str]:
    return {w for text in texts for w in _TOKEN.findall(normalize(text)) if w not in _CLAUSE_END}


def specific_hits(hits: list[Hit], group_of: dict[str, str]) -> list[Hit]:
    """Drop a hit that sits inside a longer hit of another group, or inside a longer one of its own list.

    "swap the face" (a face-swap cue) hides "swap the" (an inpainting cue) inside it: the most specific
    reading of the words wins. Within one list only the longest overlapping phrase counts.
    """
    kept = []
    for h in hits:
        g = group_of.get(h.phrase.label, h.phrase.label)
        hidden = False
        for o in hits:
            if o is h or not (o.start <= h.start and h.end <= o.end) or (o.end - o.start) <= (h.end - h.start):
                continue
            if o.phrase.label == h.phrase.label or group_of.get(o.phrase.label, o.phrase.label) != g:
                hidden = True
                break
        if not hidden:
            kept.append(h)
    return kept
