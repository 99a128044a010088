"""Harm by intent: the rules of `harm_rules.yaml`, read over the concepts a request states.

A request is refused by what it is for, not by a word: a face with money moving, evidence with an
alteration, a politician with a bribe, a label with its removal. The concepts come from the
understanding layer, so a rule holds in every language its concepts are written in.
"""

from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from runcomfy_skills.understanding import Reading, lexicon
from runcomfy_skills.understanding.combine import Clauses, Condition, ConditionIndex, first_holding, parse_condition

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class RuleSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    category: str = Field(min_length=4)
    description: str = Field(min_length=40)
    when: list[str] = Field(min_length=1)
    refuses: list[str] = Field(min_length=1)
    allows: list[str] = Field(min_length=1)


class RuleFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    facts: dict[str, str] = {}  # what the gate knows besides the words (name → what it means)
    rules: dict[str, RuleSpec]


@dataclass(frozen=True)
class HarmRule:
    """One harm rule: what it refuses (in plain words) and the concept combinations that trip it."""

    id: str
    category: str
    description: str
    conditions: tuple[Condition, ...]
    refuses: tuple[str, ...]
    allows: tuple[str, ...]

    def holds(self, reading: Clauses) -> Condition | None:
        return first_holding(self.conditions, reading)


def parse_rules(text: str, source: str = "harm_rules.yaml") -> tuple[HarmRule, ...]:
    """Rules from YAML text; a malformed rule or an unknown concept is an error naming it."""
    try:
        data = RuleFile.model_validate(yaml.load(text, Loader=_Loader))
    except (yaml.YAMLError, ValidationError) as exc:
        raise ValueError(f"{source}: {exc}") from None
    known = {*lexicon().concepts, *data.facts}
    rules = []
    for rule_id, spec in data.rules.items():
        conditions = tuple(parse_condition(line, known, f"{source}: {rule_id}") for line in spec.when)
        rules.append(HarmRule(rule_id, spec.category, " ".join(spec.description.split()), conditions,
                              tuple(spec.refuses), tuple(spec.allows)))
    return tuple(rules)


@lru_cache(maxsize=1)
def harm_rules() -> tuple[HarmRule, ...]:
    """The shipped rules, parsed once."""
    text = (resources.files("runcomfy_skills.policy") / "harm_rules.yaml").read_text(encoding="utf-8")
    return parse_rules(text)


@lru_cache(maxsize=1)
def _index() -> ConditionIndex:
    """The shipped rules' conditions, filed by concept (a request tries only those its concepts can trip)."""
    return ConditionIndex([rule.conditions for rule in harm_rules()])


class _WithFacts:
    """A reading plus the gate's facts (a fact holds in every clause)."""

    def __init__(self, reading: Reading, facts: frozenset[str]) -> None:
        self.reading = reading
        self.facts = facts
        self._present = reading.present() | facts if facts else reading.present()

    def present(self) -> Set[str]:
        return self._present

    def clauses(self, concept: str) -> frozenset[int]:
        if concept in self.facts:
            return frozenset(range(self.reading.folded.clause_count + 1))
        return self.reading.clauses(concept)


def tripped(reading: Reading, *, face_swap: bool = False) -> list[HarmRule]:
    """Every rule the request trips, in file order (empty when it is fine). `face_swap`: the gate found
    the request puts a face or identity into media (its words, its files, or its route)."""
    seen = _WithFacts(reading, frozenset({"face_swap"} if face_swap else ()))
    rules = harm_rules()
    return [rules[r] for r, _ in _index().holding(seen)]
