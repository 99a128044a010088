"""Conditions over concepts, as written in concept files (`when:`) and harm rules.

    a + b + !c      a and b somewhere in the text, c nowhere
    a ~ b + c       a and b in one clause, c anywhere

A line holds when every part holds; a list of lines holds when any line does.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol


class Clauses(Protocol):
    def clauses(self, concept: str) -> frozenset[int]: ...


@dataclass(frozen=True)
class Condition:
    together: tuple[tuple[str, ...], ...]  # each group: concepts that share one clause (a single name: anywhere)
    absent: tuple[str, ...]
    text: str

    def names(self) -> set[str]:
        return {n for group in self.together for n in group} | set(self.absent)

    def where(self, reading: Clauses) -> int | None:
        """The clause where the first group holds, if the whole condition holds; else None."""
        for name in self.absent:
            if reading.clauses(name):
                return None
        first: int | None = None
        for group in self.together:
            common = reading.clauses(group[0])
            for name in group[1:]:
                if not common:
                    break
                common = common & reading.clauses(name)
            if not common:
                return None
            if first is None:
                first = min(common)
        return first


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
        if condition.where(reading) is not None:
            return condition
    return None
