"""The harm-rule table: well formed, and each rule's own examples behave as the table says."""

from __future__ import annotations

import re

import pytest

from runcomfy_skills.policy import gate as policy
from runcomfy_skills.policy.rules import CUES, RULES


def test_rule_ids_are_unique_and_namespaced():
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"harm\.[a-z_]+", i) for i in ids)


def test_every_rule_has_a_plain_description_and_examples():
    for rule in RULES:
        assert rule.category and len(rule.description) > 40, rule.id
        assert rule.refuses and rule.allows, rule.id


def test_every_cue_is_used_by_some_rule():
    used = {name.strip().lstrip("!") for rule in RULES for line in rule.when for name in line.split("+")}
    assert set(CUES) == used


def test_a_rule_naming_an_unknown_cue_is_rejected():
    broken = RULES[0].__class__(id="harm.x", category="x", description="x", when=("explicit + no_such_cue",))
    with pytest.raises(ValueError, match="no_such_cue"):
        policy._parse_when(broken)


def test_a_rule_line_of_only_absent_cues_is_rejected():
    broken = RULES[0].__class__(id="harm.x", category="x", description="x", when=("!self",))
    with pytest.raises(ValueError, match="at least one cue"):
        policy._parse_when(broken)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_each_rule_refuses_its_own_examples(rule):
    for text in rule.refuses:
        assert rule.id in [r.id for r in policy.screen(text)], text


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_no_rule_refuses_a_rules_benign_look_alikes(rule):
    for text in rule.allows:
        assert policy.screen(text) == [], text


def test_benign_look_alikes_are_blanked_only_for_their_own_cue():
    # "blur the nudity" is a censoring edit; the same request asking for nudes is still refused.
    assert policy.screen("blur the nudity in the museum clip") == []
    assert [r.id for r in policy.screen("blur the nudity in the museum clip, then make nudes of her")] == [
        "harm.sexual_real_person"
    ]
