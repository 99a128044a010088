"""Conditions over concepts, as written in concept files (`when:`) and harm rules.

    a + b + !c      a and b somewhere in the text, c nowhere
    a ~ b + c       a and b in one clause, c anywhere

A line holds when every part holds; a list of lines holds when any line does.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence, Set
from dataclasses import dataclass, field
from typing import Protocol


class Clauses(Protocol):
    def clauses(self, concept: str) -> frozenset[int]: ...

    def present(self) -> Set[str]: ...


@dataclass(frozen=True)
class Condition:
    together: tuple[tuple[str, ...], ...]  # each group: concepts that share one clause (a single name: anywhere)
    absent: tuple[str, ...]
    text: str
    required: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "required", frozenset(n for group in self.together for n in group))

    def names(self) -> set[str]:
        return {n for group in self.together for n in group} | set(self.absent)

    def where(self, reading: Clauses) -> frozenset[int]:
        """The clauses where the first group holds, if the whole condition holds; else empty."""
        present = reading.present()
        if not present >= self.required or not present.isdisjoint(self.absent):
            return frozenset()  # the common case, decided by two set operations
        first: frozenset[int] | None = None
        for group in self.together:
            common = reading.clauses(group[0])
            for name in group[1:]:
                if not common:
                    break
                common = common & reading.clauses(name)
            if not common:
                return frozenset()
            if first is None:
                first = common
        return first or frozenset()


def parse_condition(line: str, known: Iterable[str] | Mapping[str, object], where: str = "") -> Condition:
    """Parse one line; every name must be a known concept."""
    together: list[tuple[str, ...]] = []
    absent: list[str] = []
    for part in line.split("+"):
        part = part.strip()
        if part.startswith("!"):
            if "~" in part:
                raise ValueError(f"{where}: {line!r}: '!' applies to one concept, not a group")
            absent.append(part[1:].strip())
        elif part:
            together.append(tuple(n.strip() for n in part.split("~")))
    if not together:
        raise ValueError(f"{where}: {line!r} needs at least one concept that must be present")
    names = {n for g in together for n in g} | set(absent)
    unknown = sorted(n for n in names if n not in known)
    if unknown:
        raise ValueError(f"{where}: {line!r} names unknown concept(s) {', '.join(unknown)}")
    return Condition(tuple(together), tuple(absent), line)


def first_holding(conditions: Iterable[Condition], reading: Clauses) -> Condition | None:
    for condition in conditions:
        if condition.where(reading):
            return condition
    return None


class ConditionIndex:
    """The conditions of many rules, looked up by the concepts a reading holds.

    Each condition is filed under one concept it requires, so a reading only tries the conditions
    filed under the concepts it holds (a few of the hundred), in rule order.
    """

    def __init__(self, rules: Sequence[Sequence[Condition]]) -> None:
        self._count = len(rules)
        self._filed: dict[str, list[tuple[int, int]]] = {}
        uses: dict[str, int] = {}
        for conditions in rules:
            for cond in conditions:
                for name in cond.required:
                    uses[name] = uses.get(name, 0) + 1
        self._rules = [tuple(conditions) for conditions in rules]
        for r, conditions in enumerate(self._rules):
            for c, cond in enumerate(conditions):
                least_used = min(sorted(cond.required), key=lambda n: uses[n])
                self._filed.setdefault(least_used, []).append((r, c))

    def holding(self, reading: Clauses) -> list[tuple[int, Condition]]:
        """(rule number, its first condition that holds) for every rule that holds, in rule order."""
        tried = sorted({pos for name in reading.present() for pos in self._filed.get(name, ())})
        out: list[tuple[int, Condition]] = []
        for r, c in tried:
            if out and out[-1][0] == r:
                continue
            cond = self._rules[r][c]
            if cond.where(reading):
                out.append((r, cond))
        return out
