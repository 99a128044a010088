"""Disclosure for face-swap outputs: a `<file>.provenance.json` sidecar next to each file.

The sidecar says the file is synthetic media and how it was made (model, request id, time, the
consent given, the tool and skill, the file's sha256). It never holds the API token or the request
text; a sha256 of the text stands in for it. It is written to a temporary file and renamed, so a
reader never sees half a sidecar.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
from collections.abc import Mapping
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from runcomfy_skills.errors import ExitCode, SkillError, redact_data
from runcomfy_skills.models import Consent
from runcomfy_skills.policy.gate import request_sha256

SYNTHETIC_LABEL = "synthetic media"
SIDECAR_SUFFIX = ".provenance.json"
DISCLOSURE_NOTE = (
    "This is synthetic media made by a face-swap model: label it as AI-generated (synthetic media) wherever it is "
    "published or shared, and keep its .provenance.json sidecar with the file."
)


class ProvenanceRecord(BaseModel):
    """What a sidecar records about one output file."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    model_id: str
    request_id: str
    skill: str | None = None
    tool: str | None = None
    consent: Consent
    # elicitation: the person answered a question this server asked; tool_input: the agent attested
    # in the call; command_line: the operator passed --consent.
    consent_source: Literal["elicitation", "tool_input", "command_line"] | None = None
    request_sha256: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")
    sha256: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$", description="The file's; computed when absent.")
    created_at: datetime = Field(default_factory=lambda: datetime.now(timezone.utc))

    @classmethod
    def for_output(
        cls,
        *,
        model_id: str,
        request_id: str,
        skill: str | None,
        tool: str | None,
        consent: Consent | Mapping[str, Any],
        request_text: str,
        sha256: str | None = None,
        elicited: bool | None = None,
        source: str | None = None,
    ) -> ProvenanceRecord:
        """Build a record from a finished job; the request text is reduced to its sha256 here."""
        return cls(
            model_id=model_id,
            request_id=request_id,
            skill=skill,
            tool=tool,
            consent=consent if isinstance(consent, Consent) else Consent.model_validate(dict(consent)),
            consent_source=None if elicited is None else "elicitation" if elicited else (
                "command_line" if (source or "").startswith("cli:") else "tool_input"),
            request_sha256=request_sha256(request_text),
            sha256=sha256,
        )


def sidecar_path(media_path: Path) -> Path:
    return media_path.with_name(media_path.name + SIDECAR_SUFFIX)


def unlabeled_copies(media_path: Path, sha256: str, since: datetime, before: float) -> list[Path]:
    """Earlier copies of an output that carry no sidecar: same bytes, saved in the same folder between
    `since` and `before` (a time stamp). A process killed between saving an output and labeling it
    leaves one; the restarted job saves the output again (under a new name), and the copy is what
    must not stay unlabeled. `before` = when this process started, so its own files are never taken."""
    media_path = Path(media_path)
    size, cutoff = media_path.stat().st_size, since.timestamp()
    found = []
    for entry in os.scandir(media_path.parent):
        if entry.path == str(media_path) or entry.name.endswith(SIDECAR_SUFFIX) or entry.name.startswith("."):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        candidate = Path(entry.path)
        if (entry.is_file(follow_symlinks=False) and info.st_size == size and cutoff <= info.st_mtime < before
                and not sidecar_path(candidate).exists() and _file_sha256(candidate) == sha256):
            found.append(candidate)
    return found


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def write_sidecar(media_path: Path, record: ProvenanceRecord) -> Path:
    """Write `<file>.provenance.json` next to the file (temp file + rename) and return its path."""
    media_path = Path(media_path)
    if not media_path.is_file():
        raise SkillError(
            ExitCode.DATA,
            "Cannot write a provenance sidecar: the output file is missing.",
            where=str(media_path),
            hint="The download did not complete; collect the job again.",
        )
    created = record.created_at if record.created_at.tzinfo else record.created_at.replace(tzinfo=timezone.utc)
    document = {
        "label": SYNTHETIC_LABEL,
        "disclosure": DISCLOSURE_NOTE,
        "file": media_path.name,
        "sha256": record.sha256 or _file_sha256(media_path),
        "model_id": record.model_id,
        "request_id": record.request_id,
        "created_at": created.astimezone(timezone.utc).isoformat().replace("+00:00", "Z"),
        "skill": record.skill,
        "tool": record.tool,
        "consent": record.consent.model_dump(),
        "consent_source": record.consent_source,
        "request_sha256": record.request_sha256,
        "generator": "runcomfy-skills",
    }
    target = sidecar_path(media_path)
    temp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    try:
        with open(os.open(temp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666), "w", encoding="utf-8") as out:
            json.dump(redact_data(document), out, indent=2, ensure_ascii=False)
            out.write("\n")
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, target)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise SkillError(
            ExitCode.DATA,
            f"Cannot write the provenance sidecar: {exc.strerror or exc}.",
            where=str(target),
            hint="Make the output folder writable; the media file itself is kept.",
        ) from None
    return target
