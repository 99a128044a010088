"""The concept files (`concepts/*.yaml`, shipped in the wheel) as written, checked and compiled into the
lexicon's tables (`Lexicon.from_tables` opens them; `compiled.py` ships them compiled).

A concept file holds word lists (`words:`) and concepts. Each concept says what it is about, its
terms per language (`terms: {en: [...], es: [...]}`), look-alikes that must not count
(`except:`), and may be derived from other concepts (`when:` lines, see `combine.py`). A
concept with `role: keep` marks what follows it in its clause as kept ("keep her face",
"sin cambiar la cara"); `role: kept` marks what precedes it ("…, face unchanged"); concepts with
`protect: true` do not count where they are only kept. `role: action` ends a kept stretch. An
entry with `extends: true` adds terms and exceptions to a concept another file defines (more
languages, slang); it cannot change what the concept is.
"""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from runcomfy_skills.understanding.affixes import unglued
from runcomfy_skills.understanding.indexing import DenseTables, Names, TokenTables
from runcomfy_skills.understanding import romanised
from runcomfy_skills.understanding.languages import FALSE_FRIEND, FUNCTION_WORD, little_words
from runcomfy_skills.understanding.matchers import Tables
from runcomfy_skills.understanding.normalize import is_dense_term
from runcomfy_skills.understanding.patterns import Term, TermError, WordLists, compile_term, dense_pieces
from runcomfy_skills.understanding.senses import SenseSpec
from runcomfy_skills.understanding.typos import Typos

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class LexiconError(ValueError):
    """A concept file that cannot be used: names the file and the entry."""


class ConceptSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    about: str = ""
    extends: bool = False  # more terms for a concept another file defines (more languages, slang)
    role: Literal["keep", "kept", "action"] | None = None
    protect: bool = False
    terms: dict[str, list[str] | str] = {}
    except_: dict[str, list[str] | str] = Field(default={}, alias="except")
    when: list[str] = []

    @model_validator(mode="after")
    def _says_what_it_is(self) -> ConceptSpec:
        if self.extends and (self.role or self.protect or self.when):
            raise ValueError("an `extends` entry only adds terms and exceptions (no role, protect or when)")
        if not self.extends and len(self.about) < 8:
            raise ValueError("`about` must say what the concept is (8 characters at least)")
        return self


class ConceptFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    words: dict[str, list[str] | str] = {}
    concepts: dict[str, ConceptSpec] = {}
    senses: dict[str, SenseSpec] = {}  # words meant otherwise near some concepts (senses.py)


def items(value: list[str] | str) -> list[str]:
    """A list as written: a YAML list, or one string of comma-separated items (easier to review)."""
    parts = value.split(",") if isinstance(value, str) else value
    return [str(p).strip() for p in parts if str(p).strip()]


def concept_folder() -> Traversable:
    return resources.files("runcomfy_skills.understanding") / "concepts"


def load_files() -> dict[str, ConceptFile]:
    """The shipped concept files, by file name, checked."""
    files: dict[str, ConceptFile] = {}
    for entry in sorted(concept_folder().iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".yaml"):
            continue
        try:
            files[entry.name] = ConceptFile.model_validate(yaml.load(entry.read_text(encoding="utf-8"), Loader=_Loader))
        except (yaml.YAMLError, ValidationError) as exc:
            raise LexiconError(f"concepts/{entry.name}: {str(exc).splitlines()[0]} ({exc})") from None
    return files


def compile_tables(files: dict[str, ConceptFile]) -> Tables:
    """Concept files → the lexicon's tables: each concept's own facts, its terms compiled and indexed, the
    languages' little words (see `languages.py`)."""
    words = WordLists()
    concepts: dict[str, tuple[str, ConceptSpec]] = {}
    extensions: list[tuple[str, str, ConceptSpec]] = []
    for source, data in files.items():
        for name, entries in data.words.items():
            if name in words:
                raise LexiconError(f"{source}: word list {name!r} is defined twice")
            words[name] = items(entries)
        for name, spec in data.concepts.items():
            if spec.extends:
                extensions.append((name, source, spec))
            elif name in concepts:
                raise LexiconError(f"{source}: concept {name!r} is already defined in {concepts[name][0]}")
            else:
                concepts[name] = (source, spec)
    for name, source, _ in extensions:
        if name not in concepts:
            raise LexiconError(f"{source}: {name!r} extends a concept no file defines")
    little: dict[str, list[str]] = {}
    for data in files.values():
        for spec in (data.concepts.get(FUNCTION_WORD), data.concepts.get(FALSE_FRIEND)):
            for lang, terms in (spec.terms.items() if spec else ()):
                little.setdefault(lang, []).extend(items(terms))
    names, langs = Names(), Names()
    tokens, dense = TokenTables(names, langs), DenseTables(names, langs)
    for name, source, spec in [(n, src, s) for n, (src, s) in concepts.items()] + extensions:
        for negative, table in ((False, spec.terms), (True, spec.except_)):
            for lang, terms in table.items():
                for text in items(terms):
                    _add(tokens, dense, Term(name, text, (), negative, lang), source, words)
    return {
        "concepts": {n: {"source": src, "about": s.about, "role": s.role, "protect": s.protect, "when": s.when}
                     for n, (src, s) in concepts.items()},
        "little": {w: sorted(ls) for w, ls in little_words(little).items()},
        "names": names.table(), "langs": langs.table(), "tokens": tokens.tables(), "dense": dense.tables(),
        "typos": _typos(tokens).tables(), "senses": _sense_entries(files, concepts),
        "romanised": romanised.tables(tokens.words(), tokens.prefixes()),
    }


def _typos(tokens: TokenTables) -> Typos:
    """Typo repair toward the listed words, not toward the forms glued on at build time (affixes.py): those
    would add tens of thousands of one-letter deletions that no one needs repaired."""
    listed = set(tokens.words())
    return Typos((w, lang) for w, lang in listed if not any((bare, lang) in listed for bare in unglued(w, lang)))


def _sense_entries(files: dict[str, ConceptFile], concepts: dict[str, tuple[str, ConceptSpec]]) -> list[list[object]]:
    """Each `senses:` entry as [its spec, its words as listed (all languages)], checked against the concepts."""
    entries: list[list[object]] = []
    for source, data in files.items():
        for name, spec in data.senses.items():
            where = f"{source}: sense {name}"
            for concept in (*spec.unless, *spec.concepts):
                if concept not in concepts or concepts[concept][1].when:
                    raise LexiconError(f"{where}: {concept!r} is not a concept with terms of its own")
            words = [w for terms in spec.words.values() for w in items(terms)]
            if not words:
                raise LexiconError(f"{where}: no words")
            entries.append([spec.model_dump(mode="json"), words])
    return entries


def _add(tokens: TokenTables, dense: DenseTables, term: Term, source: str, words: WordLists) -> None:
    """One term as written (`term.text`) compiled into the token or the dense tables."""
    where = f"{source}: {term.concept} ({term.lang})"
    text = term.text
    try:
        if "|" not in text and is_dense_term(_spelled_once(text, words)):
            for spelled in _expand_lists(text, words):
                dense.add(term, dense_pieces(spelled))
        else:
            for compiled in compile_term(term.concept, text, words, negative=term.negative, lang=term.lang,
                                         where=where):
                tokens.add(compiled)
    except TermError as exc:
        raise LexiconError(str(exc) if str(exc).startswith(where) else f"{where}: {exc}") from None


def _spelled_once(text: str, words: dict[str, list[str]]) -> str:
    """The term with each `{list}` replaced by the list's first word (to tell a dense term from a token one)."""
    while (start := text.find("{")) >= 0 and (end := text.find("}", start)) > start:
        first = (words.get(text[start + 1:end]) or ["?"])[0]
        text = text[:start] + first + text[end + 1:]
    return text


def _expand_lists(text: str, words: dict[str, list[str]]) -> list[str]:
    """A dense term with `{list}` in it, spelled out once per word of the list ("{age}岁" → "1岁", "2岁" …)."""
    start = text.find("{")
    if start < 0:
        return [text]
    end = text.find("}", start)
    name = text[start + 1:end] if end > start else ""
    if name not in words:
        raise TermError(f"{text!r}: unknown word list {{{name}}}")
    return [spelled for item in words[name] for spelled in _expand_lists(text[:start] + item + text[end + 1:], words)]
