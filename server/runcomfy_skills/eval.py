"""Offline evaluation of the router and the consent gate against JSONL case files.

    python -m runcomfy_skills.eval route FILE   # each line: {"id", "request", "assets", "expect": {...}}
    python -m runcomfy_skills.eval gate FILE    # each line: {"id", "request", "assets", "consent"?, "expect": "allow"|...}

A route case expecting `{"skill", "route"}` is correct only when the decision is `route` with that
skill and route; `{"decision": ...}` must match the decision (plus `skill`/`route` if also given);
`{"redirect": "image-inpainting"}` means `unsupported` with that redirect id (or redirect text).
A gate case routes the request, asks the policy, and compares what `plan` would answer (a\nrefusal wins; `needs_input` when the words say nothing; a route the gate allows is `allow`).

Prints every miss with its reasons, a score line, and the score per language (the case's `lang`,
e.g. "ja"; "unlabelled" without one) and per expected route or verdict. Exit status: 0 when every case is correct,
1 when there are misses, 64 for a bad command line, 65 for a malformed case file.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Callable, TextIO

from pydantic import ValidationError

from runcomfy_skills.catalog.skill_docs import Catalog, load_catalog
from runcomfy_skills.errors import ExitCode, SkillError
from runcomfy_skills.models import Asset, Consent
from runcomfy_skills.policy.gate import evaluate as policy_evaluate
from runcomfy_skills.policy.gate import plan_outcome
from runcomfy_skills.routing.router import Decision, route_request

USAGE = "usage: python -m runcomfy_skills.eval {route|gate} FILE"
_ROUTE_KEYS = {"decision", "skill", "route", "tool", "mode", "redirect", "redirect_id"}
_VERDICTS = {"allow", "needs_consent", "refuse", "reject_input", "needs_input"}


def load_cases(path: Path) -> list[dict[str, Any]]:
    """Read a JSONL case file; a bad line is a data error naming the file and line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise SkillError(ExitCode.USAGE, f"Cannot read {path}: {exc.strerror}.", hint=USAGE) from None
    cases = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            case = json.loads(line)
            if not isinstance(case, dict) or not isinstance(case.get("request"), str) or "expect" not in case:
                raise ValueError("each line needs an object with `request` (text) and `expect`")
            case["assets"] = [Asset.model_validate(a) for a in case.get("assets", [])]
            case["consent"] = Consent.from_input(case.get("consent"))
        except (ValueError, ValidationError) as exc:
            raise SkillError(ExitCode.DATA, f"Malformed case: {str(exc).splitlines()[0]}", where=f"{path}:{n}",
                             hint="One JSON object per line; see ../shared/eval/route_dev.jsonl.") from None
        case.setdefault("id", f"line {n}")
        cases.append(case)
    return cases


def route_matches(expect: dict[str, Any], got: Decision) -> bool:
    """Strict: an expected skill/route also means the decision must be `route` unless told otherwise."""
    redirected = "redirect" in expect or "redirect_id" in expect
    wanted = {"decision": "unsupported" if redirected else "route", **expect}
    redirect = wanted.pop("redirect", None)  # named by its id ("image-inpainting") or by its text
    if redirect is not None and redirect not in (got.redirect_id, got.redirect):
        return False
    return all(getattr(got, key) == value for key, value in wanted.items())


def _check_route_expect(case: dict[str, Any]) -> None:
    expect = case["expect"]
    if not isinstance(expect, dict) or not expect or set(expect) - _ROUTE_KEYS:
        raise SkillError(ExitCode.DATA, f"Case {case['id']}: `expect` must be an object with keys from "
                         f"{sorted(_ROUTE_KEYS)}.", hint='e.g. {"skill": "face-swap", "route": "openai/gpt-image-2/edit"}')


class Breakdown:
    """Correct/total per language and per expected outcome, printed under the score line."""

    def __init__(self) -> None:
        self.cells: dict[str, dict[str, list[int]]] = {"language": {}, "expected": {}}

    def add(self, case: dict[str, Any], expected: str, hit: bool) -> None:
        for group, key in (("language", str(case.get("lang") or "unlabelled")), ("expected", expected)):
            _count(self.cells[group].setdefault(key, [0, 0]), hit)

    def write(self, out: TextIO) -> None:
        for group, cells in self.cells.items():
            out.write(f"  by {group}:\n")
            for key, (hit, of) in sorted(cells.items()):
                out.write(f"    {key}: {hit}/{of} ({_pct(hit, of)})\n")


def expected_label(expect: dict[str, Any]) -> str:
    """A route case's expected outcome in one word: the route, a redirect id, or the decision."""
    return str(expect.get("route") or expect.get("redirect") or expect.get("redirect_id") or expect.get("decision")
               or expect.get("skill"))


def run_route(catalog: Catalog, cases: list[dict[str, Any]], out: TextIO) -> int:
    misses = 0
    breakdown = Breakdown()
    for case in cases:
        _check_route_expect(case)
        got = route_request(catalog, case["request"], case["assets"])
        hit = route_matches(case["expect"], got)
        breakdown.add(case, expected_label(case["expect"]), hit)
        if hit:
            continue
        misses += 1
        out.write(f"MISS {case['id']}: {case['request']!r}\n"
                  f"  expected {json.dumps(case['expect'])}\n"
                  f"  got      decision={got.decision} skill={got.skill} route={got.route} "
                  f"confidence={got.confidence}\n")
        for reason in got.reasons:
            out.write(f"    - {reason}\n")
        if got.missing:
            out.write(f"    missing: {'; '.join(got.missing)}\n")
    total = len(cases)
    out.write(f"route: {total - misses}/{total} correct ({_pct(total - misses, total)})\n")
    breakdown.write(out)
    return 1 if misses else 0


def gate_outcome(catalog: Catalog, case: dict[str, Any], evaluate: Callable[..., Any] | None = None) -> str:
    """What `plan` answers for a gate case: the router's decision joined with the gate's verdict;
    a plain `route` the gate allows counts as `allow`."""
    evaluate = evaluate or policy_evaluate
    decision = route_request(catalog, case["request"], case["assets"])
    verdict = evaluate(
        skill=catalog.skill(decision.skill) if decision.skill else None,
        route=catalog.route(decision.route) if decision.route else None,
        text=case["request"], assets=case["assets"], consent=case["consent"],
    )
    outcome = plan_outcome(decision.decision, verdict.verdict, verdict.rule_ids)
    case["_why"] = f"rules: {', '.join(verdict.rule_ids) or 'none'}; routed to {decision.route or decision.decision}"
    return "allow" if outcome == "route" else outcome


def run_gate(catalog: Catalog, cases: list[dict[str, Any]], out: TextIO, evaluate: Callable[..., Any]) -> int:
    tally = {k: [0, 0] for k in ("harmful refused", "benign refused (false refusals)", "needs_consent correct",
                                 "reject_input correct", "needs_input correct", "allow correct")}
    misses = 0
    breakdown = Breakdown()
    for case in cases:
        expect = case["expect"]
        if expect not in _VERDICTS:
            raise SkillError(ExitCode.DATA, f"Case {case['id']}: `expect` must be one of {sorted(_VERDICTS)}.")
        got = gate_outcome(catalog, case, evaluate)
        breakdown.add(case, expect, got == expect)
        if expect == "refuse":
            _count(tally["harmful refused"], got == "refuse")
        else:
            _count(tally["benign refused (false refusals)"], got == "refuse")
            _count(tally[f"{expect} correct"], got == expect)
        if got != expect:
            misses += 1
            out.write(f"MISS {case['id']}: {case['request']!r}\n  expected {expect}, got {got} ({case['_why']})\n")
    total = len(cases)
    out.write(f"gate: {total - misses}/{total} correct ({_pct(total - misses, total)})\n")
    for name, (hit, of) in tally.items():
        if of:
            out.write(f"  {name}: {hit}/{of}\n")
    breakdown.write(out)
    return 1 if misses else 0


def _count(cell: list[int], hit: bool) -> None:
    cell[0] += int(hit)
    cell[1] += 1


def _pct(part: int, whole: int) -> str:
    return f"{100.0 * part / whole:.1f}%" if whole else "n/a"


def main(argv: list[str] | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    out, err = out or sys.stdout, err or sys.stderr
    try:
        if len(args) != 2 or args[0] not in ("route", "gate"):
            raise SkillError(ExitCode.USAGE, "Expected a mode and a case file.", hint=USAGE)
        cases = load_cases(Path(args[1]))
        catalog = load_catalog()
        if args[0] == "route":
            return run_route(catalog, cases, out)
        return run_gate(catalog, cases, out, policy_evaluate)
    except SkillError as exc:
        err.write(f"error: {exc.describe()}\n")
        return int(exc.code)


if __name__ == "__main__":
    sys.exit(main())
