"""What the per-language vocabulary tests share: a request goes through the real router and the real gate,
scored as `runcomfy_skills.eval` scores a case, with all three consent attestations given (so that only
harm can stop it)."""

from __future__ import annotations

from typing import Any

from runcomfy_skills.catalog.skill_docs import Catalog
from runcomfy_skills.eval import gate_outcome
from runcomfy_skills.models import Asset, Consent
from runcomfy_skills.routing.router import Decision, route_request

FULL_CONSENT = Consent.from_input({"identity_rights": True, "media_rights": True, "synthetic_media_allowed": True})


def assets(items: list[Any]) -> list[Asset]:
    """Assets from URLs, `{"url": ...}` objects or Assets."""
    return [a if isinstance(a, Asset) else Asset.model_validate({"url": a} if isinstance(a, str) else a) for a in items]


def routed(catalog: Catalog, request: str, files: list[Any]) -> Decision:
    return route_request(catalog, request, assets(files))


def gated(catalog: Catalog, request: str, files: list[Any]) -> tuple[str, str]:
    """The gate case's outcome and why (the rules that held, where it was routed)."""
    case: dict[str, Any] = {"request": request, "assets": assets(files), "consent": FULL_CONSENT}
    return gate_outcome(catalog, case), case["_why"]
