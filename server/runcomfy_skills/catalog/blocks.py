"""The YAML blocks of a skill document (`yaml skill`, `yaml routing`), as strict pydantic models.

Unknown keys are errors, so a typo in a skill document fails at load time with its file and line
instead of silently changing how requests are routed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Literal

from pydantic import BaseModel, ConfigDict, Field

Kind = Literal["image", "video", "audio"]
ErrorFactory = Callable[[Path, int, str], Exception]


@dataclass(frozen=True)
class YamlBlock:
    """A fenced ```yaml <tag> block: its data, and where it sits, to name the line of a bad entry."""

    data: Any
    line: int  # 1-based line of the opening fence
    text: str

    def line_of(self, *loc: str | int) -> int:
        """The 1-based file line of the entry at `loc` (keys and list indexes); the deepest one found."""
        import yaml  # only when a document is parsed, never on a start-up that reads the cached catalog

        node = yaml.compose(self.text)
        at = node.start_mark.line if node is not None else 0
        for part in loc:
            if isinstance(node, yaml.MappingNode):
                node = next((v for k, v in node.value if k.value == str(part)), None)
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
                node = node.value[part]
            else:
                node = None
            if node is None:
                break
            at = node.start_mark.line
        return self.line + 1 + at


def find_block(lines: list[str], start: int, end: int, tag: str, path: Path, error: ErrorFactory) -> YamlBlock | None:
    """The first ```yaml <tag> block between start and end (0-based line numbers), parsed."""
    import yaml  # see YamlBlock.line_of

    for i in range(start, end):
        if lines[i].strip() == f"```yaml {tag}":
            for j in range(i + 1, end):
                if lines[j].strip() == "```":
                    text = "\n".join(lines[i + 1 : j])
                    try:
                        return YamlBlock(yaml.safe_load(text), i + 1, text)
                    except yaml.YAMLError as exc:
                        raise error(path, i + 1, f"the `yaml {tag}` block is not valid YAML: {exc}") from None
            raise error(path, i + 1, f"the `yaml {tag}` block is never closed with ```")
    return None


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class AssetSlot(_Strict):
    """Where assets of one kind go in a route's request body, and how many it takes."""

    field: str
    kind: Kind
    min: int = Field(ge=0)
    max: int = Field(ge=1)
    # Roles in order: when a slot takes several files, the router puts those whose role comes first first.
    roles: tuple[str, ...] = ()
    # The counts this route is the best choice for (router preference; min/max stay the hard limits).
    typical_min: int | None = Field(default=None, ge=0)
    typical_max: int | None = Field(default=None, ge=1)


class ModeHints(_Strict):
    """One way to call a route: its own asset slots (added to the route's shared ones) and fixed fields.

    Wan 2.2 Animate takes a face image plus either a driving video (modes *replace* and *animate*,
    told apart by a `mode` field) or an audio track (*speak*): three modes, one route.
    """

    id: str = Field(pattern=r"^[a-z][a-z0-9_-]*$")
    default: bool = False
    assets: tuple[AssetSlot, ...] = ()
    set_fields: dict[str, Any] = Field(default_factory=dict, alias="set")
    pick: tuple[str, ...] = ()
    avoid: tuple[str, ...] = ()


class RoutingHints(_Strict):
    tool: str | None = None
    default: bool = False
    default_for: Literal["image", "video"] | None = None
    assets: tuple[AssetSlot, ...] = ()
    modes: tuple[ModeHints, ...] = ()
    pick: tuple[str, ...] = ()
    avoid: tuple[str, ...] = ()
    # false: the route changes the whole look, so "preserve all else" would contradict it;
    # a string: this route's own wording of the skill's preservation clause.
    preserve_clause: bool | str = True
    match_clause: str | None = None  # appended to prepared prompts (face swap: match skin tone and lighting)


class OutOfScope(_Strict):
    """A request the skill names but does not serve, and where to send it instead (`redirect`).

    `cues` and `roles` are checked before any skill is chosen, so they must be specific ("ReActor",
    "outpaint", a file with role `mask`). `skill_cues` and `assets` count only once this skill was
    chosen, so broad words ("this photo", "slow motion") cannot steal another skill's request.
    `assets` makes the files themselves the trigger: exactly these counts by kind, nothing else
    (one still image, say), and no words naming another kind of media.
    """

    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    cues: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    skill_cues: tuple[str, ...] = ()
    assets: dict[Kind, int] | None = None
    redirect: str


class SkillHints(_Strict):
    tool: str
    summary: str
    cues: tuple[str, ...] = ()
    avoid: tuple[str, ...] = ()  # words that point away from this skill (router)
    preserve_clause: str | None = None
    one_change_per_call: bool = False  # the router splits compound edits into ordered steps
    consent_required: bool = False
    out_of_scope: tuple[OutOfScope, ...] = ()
