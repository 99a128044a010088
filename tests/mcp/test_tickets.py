"""Consent tickets: issued by this server, bound to one call, single use, expiring."""

from __future__ import annotations

import time

from runcomfy_skills.mcp.tickets import ConsentTickets, binding

CALL = binding("gpt_image_2_edit", {"prompt": "swap", "images": ["a", "b"]})


def test_a_ticket_is_redeemed_once_for_the_call_it_was_issued_for() -> None:
    tickets = ConsentTickets()
    ticket = tickets.issue(CALL)
    assert tickets.redeem(ticket, CALL) and not tickets.redeem(ticket, CALL)


def test_a_ticket_does_not_carry_over_to_other_arguments_or_tools() -> None:
    tickets = ConsentTickets()
    other_args = binding("gpt_image_2_edit", {"prompt": "swap", "images": ["a", "c"]})
    assert not tickets.redeem(tickets.issue(CALL), other_args)
    assert not tickets.redeem(tickets.issue(CALL), binding("nano_banana_2_edit", {"prompt": "swap", "images": ["a", "b"]}))


def test_forged_missing_and_expired_tickets_do_not_count() -> None:
    tickets = ConsentTickets(ttl_seconds=0.01)
    assert not tickets.redeem(None, CALL) and not tickets.redeem("consent", CALL)
    assert not tickets.redeem("consent-ticket:guessed", CALL)
    ticket = tickets.issue(CALL)
    time.sleep(0.02)
    assert not tickets.redeem(ticket, CALL)


def test_the_store_stays_bounded() -> None:
    tickets = ConsentTickets(capacity=3)
    first = tickets.issue(CALL)
    for _ in range(3):
        tickets.issue(CALL)
    assert not tickets.redeem(first, CALL)
