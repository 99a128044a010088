"""Skill documents → skills, routes and JSON Schemas.

The SKILL.md files are the single source of truth: a route exists because its document has a
`## Route:` section with a `Model id:` line, a `yaml routing` block and an input-schema table.
This module reads only those parts; people and agents read the rest. Any malformed part fails
loudly with the file, the line and what is wrong, so a bad edit never ships a broken tool.
"""

from __future__ import annotations

import os
import re
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from runcomfy_skills.catalog.blocks import (
    AssetSlot,
    ModeHints,
    OutOfScope,
    RoutingHints,
    SkillHints,
    YamlBlock,
    find_block,
)
from runcomfy_skills.catalog.schema_table import parse_schema_table
from runcomfy_skills.bounds import excerpt
from runcomfy_skills.errors import ExitCode, SkillError

__all__ = ["AssetSlot", "Catalog", "CatalogError", "Mode", "OutOfScope", "Route", "Skill", "load_catalog", "parse_skill"]

TOOL_NAME = re.compile(r"^[a-zA-Z0-9_-]{1,64}$")
RESERVED_TOOLS = {"plan", "job_status", "job_result", "job_cancel", "jobs_list"}
# In a checkout the one copy of the skill documents is the top-level `skills/` folder; the wheel
# carries the same files inside the package (`runcomfy_skills/skills`), read as package resources.
_CHECKOUT_SKILLS = Path(__file__).resolve().parents[3] / "skills"


class CatalogError(SkillError):
    def __init__(self, path: Path, line: int, message: str) -> None:
        super().__init__(
            ExitCode.DATA,
            f"Malformed skill document: {message}",
            where=f"{path}:{line}",
            hint="Fix the skill document; see skills/video-inpainting/SKILL.md for the expected layout.",
        )


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Mode(_Strict):
    """One way to call a route (see `blocks.ModeHints`): every slot it takes and the fields it fixes."""

    id: str
    default: bool
    slots: tuple[AssetSlot, ...]
    set_fields: dict[str, Any]
    pick: tuple[str, ...]
    avoid: tuple[str, ...]


class Route(_Strict):
    skill: str
    model_id: str
    fallback_ids: tuple[str, ...] = ()  # ids to try, in order, when RunComfy does not know `model_id`
    title: str
    tool: str
    description: str
    is_default: bool
    default_for: Literal["image", "video"] | None
    modes: tuple[Mode, ...]
    slots: tuple[AssetSlot, ...]  # every field that takes files, over all modes (min/max span the modes)
    pick: tuple[str, ...]
    avoid: tuple[str, ...]
    preserve_clause: bool | str
    match_clause: str | None
    input_schema: dict[str, Any]  # keyed by the table's field names
    source: str  # "path:line" of the route heading
    wire: dict[str, str] = {}  # table field → the name RunComfy's live catalog gives it, where they differ
    schema_source: str = "table"  # or "live (fetched at …)" once RunComfy's catalog was read
    problem: str | None = None  # why RunComfy's live catalog cannot run this route as documented

    @property
    def known_ids(self) -> tuple[str, ...]:
        return (self.model_id, *self.fallback_ids)

    @property
    def default_mode(self) -> Mode:
        return next((m for m in self.modes if m.default), self.modes[0])


class Skill(_Strict):
    name: str
    description: str
    tool: str
    summary: str
    cues: tuple[str, ...]
    avoid: tuple[str, ...]
    preserve_clause: str | None
    one_change_per_call: bool
    consent_required: bool
    out_of_scope: tuple[OutOfScope, ...]
    routes: tuple[Route, ...]
    path: Path
    text: str  # the whole document, served as an MCP resource

    @property
    def default_route(self) -> Route:
        return next((r for r in self.routes if r.is_default), self.routes[0])


class Catalog(_Strict):
    skills: tuple[Skill, ...]

    @property
    def routes(self) -> tuple[Route, ...]:
        return tuple(r for s in self.skills for r in s.routes)

    def skill(self, name: str) -> Skill:
        for s in self.skills:
            if s.name == name or s.tool == name:
                return s
        raise SkillError(ExitCode.USAGE, f"Unknown skill {excerpt(name)}.", hint=f"Known skills: {self.skill_names()}.")

    def skill_names(self) -> str:
        return ", ".join(s.name for s in self.skills)

    def route(self, model_id_or_tool: str) -> Route:
        for r in self.routes:
            if model_id_or_tool == r.tool or model_id_or_tool in r.known_ids:
                return r
        known = ", ".join(r.model_id for r in self.routes)
        raise SkillError(
            ExitCode.USAGE,
            f"Unknown route {excerpt(model_id_or_tool)}.",
            hint=f"Run `runcomfy-skills routes` to list them. Known model ids: {known}.",
        )


_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)
_ROUTE_HEADING = re.compile(r"^## Route:\s*(.+?)\s*$")
_MODEL_LINE = re.compile(r"^Model id:\s*`([^`]+)`\s*$")
_FALLBACK_LINE = re.compile(r"^Fallback model ids?:\s*(.+)$")
_MODEL_ID = re.compile(r"^[A-Za-z0-9_.-]+(?:/[A-Za-z0-9_.-]+)+$")


def _yaml_block(lines: list[str], start: int, end: int, tag: str, path: Path) -> YamlBlock | None:
    return find_block(lines, start, end, tag, path, CatalogError)


def _model(cls: type[BaseModel], block: YamlBlock, path: Path, what: str) -> Any:
    try:
        return cls.model_validate(block.data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(p) for p in first["loc"]) or "(block)"
        raise CatalogError(path, block.line_of(*first["loc"]), f"{what}: {loc}: {first['msg']}") from None


def _prose(lines: list[str]) -> str:
    """The route's plain paragraphs (not code, tables or headings), for the tool description."""
    out, in_code = [], False
    for line in lines:
        if line.startswith("```"):
            in_code = not in_code
            continue
        if in_code or line.startswith(("#", "|", "Model id:", "Fallback model id")):
            continue
        out.append(line)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip()


def parse_skill(path: Path, text: str | None = None) -> Skill:
    """One skill document; `text` is given when it was read from package resources (maybe a zip)."""
    text = path.read_text(encoding="utf-8") if text is None else text
    match = _FRONT_MATTER.match(text)
    if not match:
        raise CatalogError(path, 1, "no YAML front matter (a `---` line, `name:` and `description:`, then `---`)")
    import yaml  # parsing needs it; a start-up that reads the cached catalog does not (see load_catalog)

    try:
        front = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as exc:
        raise CatalogError(path, 2, f"front matter is not valid YAML: {exc}") from None
    for key in ("name", "description"):
        if not isinstance(front.get(key), str) or not front[key].strip():
            raise CatalogError(path, 2, f"front matter needs a non-empty `{key}`")
    if front["name"] != path.parent.name:
        raise CatalogError(path, 2, f"`name: {front['name']}` must match its folder `{path.parent.name}`")

    lines = text.splitlines()
    headings = [i for i, line in enumerate(lines) if _ROUTE_HEADING.match(line)]
    if not headings:
        raise CatalogError(path, 1, "no `## Route: <title>` section")
    found = _yaml_block(lines, 0, headings[0], "skill", path)
    if found is None:
        raise CatalogError(path, 1, "no ```yaml skill block before the first route")
    hints: SkillHints = _model(SkillHints, found, path, "yaml skill block")

    routes = []
    for n, start in enumerate(headings):
        end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
        routes.append(_parse_route(front["name"], lines, start, end, path))
    if sum(r.is_default for r in routes) != 1:
        raise CatalogError(path, headings[0] + 1, "exactly one route must say `default: true`")
    return Skill(
        name=front["name"],
        description=" ".join(front["description"].split()),
        tool=hints.tool,
        summary=hints.summary,
        cues=hints.cues,
        avoid=hints.avoid,
        preserve_clause=hints.preserve_clause,
        one_change_per_call=hints.one_change_per_call,
        consent_required=hints.consent_required,
        out_of_scope=hints.out_of_scope,
        routes=tuple(routes),
        path=path,
        text=text,
    )


def _parse_route(skill: str, lines: list[str], start: int, end: int, path: Path) -> Route:
    title = _ROUTE_HEADING.match(lines[start]).group(1)  # type: ignore[union-attr]
    model_id = next((m.group(1) for i in range(start, end) if (m := _MODEL_LINE.match(lines[i]))), None)
    if model_id is None or not _MODEL_ID.match(model_id):
        raise CatalogError(path, start + 1, f"route {title!r} needs a `Model id: \\`owner/model/...\\`` line")
    fallback_ids = _fallback_ids(lines, start, end, path)
    found = _yaml_block(lines, start, end, "routing", path)
    if found is None:
        raise CatalogError(path, start + 1, f"route {title!r} has no ```yaml routing block")
    hints: RoutingHints = _model(RoutingHints, found, path, "yaml routing block")
    table_line = next((i for i in range(start, end) if lines[i].strip().lower() == "### input schema"), None)
    if table_line is None:
        raise CatalogError(path, start + 1, f"route {title!r} has no `### Input schema` table")
    schema = parse_schema_table(lines, table_line + 1, end, path, CatalogError)
    modes = _modes(hints, schema, path, found)
    tool = hints.tool or re.sub(r"[^a-zA-Z0-9_-]", "_", model_id.split("/", 1)[-1])[:64]
    if not TOOL_NAME.match(tool) or tool in RESERVED_TOOLS:
        raise CatalogError(path, found.line_of("tool"), f"tool name {tool!r} must match {TOOL_NAME.pattern} and not be reserved")
    prose = _prose(lines[start + 1 : end])
    return Route(
        skill=skill,
        model_id=model_id,
        fallback_ids=fallback_ids,
        title=title,
        tool=tool,
        description=f"{title} — `{model_id}` ({skill}).\n\n{prose}",
        is_default=hints.default,
        default_for=hints.default_for,
        modes=modes,
        slots=_slots(modes, path, found.line),
        pick=hints.pick,
        avoid=hints.avoid,
        preserve_clause=hints.preserve_clause,
        match_clause=hints.match_clause,
        input_schema=schema,
        source=f"{path}:{start + 1}",
    )


def _slots(modes: tuple[Mode, ...], path: Path, line: int) -> tuple[AssetSlot, ...]:
    try:
        return merge_slots(modes)
    except ValueError as exc:
        raise CatalogError(path, line, str(exc)) from None


def _fallback_ids(lines: list[str], start: int, end: int, path: Path) -> tuple[str, ...]:
    ids: list[str] = []
    for i in range(start, end):
        if m := _FALLBACK_LINE.match(lines[i]):
            found = re.findall(r"`([^`]+)`", m.group(1))
            bad = [x for x in found if not _MODEL_ID.match(x)]
            if not found or bad:
                raise CatalogError(path, i + 1, "a `Fallback model id:` line lists model ids in back-ticks, "
                                                "e.g. `owner/model/endpoint`")
            ids += found
    return tuple(ids)


def _modes(hints: RoutingHints, schema: dict[str, Any], path: Path, block: YamlBlock) -> tuple[Mode, ...]:
    """The route's modes, each with the shared slots plus its own; a route without `modes` has one."""
    specs = hints.modes or (ModeHints(id="default", default=True),)
    for n, spec in enumerate(specs):
        if spec.id in [m.id for m in specs[:n]]:
            raise CatalogError(path, block.line_of("modes", n), f"mode ids must be unique within a route ({spec.id!r})")
    if sum(m.default for m in specs) > 1:
        raise CatalogError(path, block.line_of("modes"), "at most one mode may say `default: true`")
    props = schema["properties"]
    for n, slot in enumerate(hints.assets):
        if slot.field not in props:
            raise CatalogError(path, block.line_of("assets", n, "field"),
                               f"asset slot field {slot.field!r} is not in the input schema table")
    modes = []
    for n, spec in enumerate(specs):
        where = ("modes", n) if hints.modes else ()
        for k, slot in enumerate(spec.assets):
            if slot.field not in props:
                raise CatalogError(path, block.line_of(*where, "assets", k, "field"),
                                   f"asset slot field {slot.field!r} is not in the input schema table")
        slots = hints.assets + spec.assets
        if len({s.field for s in slots}) != len(slots):
            raise CatalogError(path, block.line_of(*where), f"mode {spec.id!r} names an asset field twice")
        for name, value in spec.set_fields.items():
            line = block.line_of(*where, "set", name)
            if name not in props:
                raise CatalogError(path, line, f"mode {spec.id!r} sets {name!r}, which is not in the input schema table")
            from jsonschema import Draft202012Validator  # see parse_skill

            if problem := next(iter(Draft202012Validator(props[name]).iter_errors(value)), None):
                raise CatalogError(path, line, f"mode {spec.id!r} sets {name}={value!r}: {problem.message}")
        default = spec.default or (n == 0 and not any(m.default for m in specs))
        modes.append(Mode(id=spec.id, default=default, slots=slots, set_fields=dict(spec.set_fields),
                          pick=spec.pick, avoid=spec.avoid))
    return tuple(modes)


def merge_slots(modes: tuple[Mode, ...]) -> tuple[AssetSlot, ...]:
    """One slot per file field over all modes: min is the least any mode needs, max the most any takes.

    Raises ValueError when one field takes different kinds of file in different modes.
    """
    merged: dict[str, AssetSlot] = {}
    for mode in modes:
        for slot in mode.slots:
            seen = merged.get(slot.field)
            if seen is None:
                merged[slot.field] = slot
            elif seen.kind != slot.kind:
                raise ValueError(f"field {slot.field!r} takes {seen.kind} in one mode, {slot.kind} in another")
            else:
                roles = tuple(dict.fromkeys(seen.roles + slot.roles))
                merged[slot.field] = seen.model_copy(update={"min": min(seen.min, slot.min),
                                                             "max": max(seen.max, slot.max), "roles": roles})
    return tuple(s if all(s.field in {x.field for x in m.slots} for m in modes) else s.model_copy(update={"min": 0})
                 for s in merged.values())


def _bundled_documents() -> list[tuple[Path, str]]:
    """The skill documents shipped with the package, or those of the checkout it runs from."""
    bundled = resources.files("runcomfy_skills").joinpath("skills")
    if bundled.is_dir():
        docs = [entry.joinpath("SKILL.md") for entry in bundled.iterdir() if entry.is_dir()]
        return sorted((Path(str(d)), d.read_text(encoding="utf-8")) for d in docs if d.is_file())
    return [(p, p.read_text(encoding="utf-8")) for p in sorted(_CHECKOUT_SKILLS.glob("*/SKILL.md"))]


def skill_documents(skills_dir: Path | str | None = None) -> list[tuple[Path, str]]:
    """Every `skills/*/SKILL.md` as (path, text): RUNCOMFY_SKILLS_DIR, else the bundled ones."""
    chosen = skills_dir or os.environ.get("RUNCOMFY_SKILLS_DIR")
    if chosen:
        root = Path(chosen)
        documents = [(p, p.read_text(encoding="utf-8")) for p in sorted(root.glob("*/SKILL.md"))]
    else:
        root, documents = _CHECKOUT_SKILLS, _bundled_documents()
    if not documents:
        raise SkillError(ExitCode.USAGE, f"No skill documents found in {root}.",
                         hint="Point RUNCOMFY_SKILLS_DIR at a folder of <skill>/SKILL.md documents.")
    return documents


def load_catalog(skills_dir: Path | str | None = None) -> Catalog:
    """Read every `skills/*/SKILL.md`; tool names and model ids must be unique across skills."""
    return catalog_of(skill_documents(skills_dir))


def catalog_of(documents: list[tuple[Path, str]]) -> Catalog:
    """The catalog the documents describe (see `load_catalog`)."""
    skills = tuple(parse_skill(path, text) for path, text in documents)
    seen: dict[str, str] = {}
    for skill in skills:
        for name, source in [(skill.tool, str(skill.path))] + [(r.tool, r.source) for r in skill.routes]:
            if name in seen:
                path, _, line = source.rpartition(":") if ":" in source else (source, "", "1")
                raise CatalogError(Path(path), int(line or 1), f"tool {name!r} is already defined at {seen[name]}")
            seen[name] = source
        for r in skill.routes:
            for model_id in r.known_ids:
                if model_id in seen:
                    raise CatalogError(skill.path, 1, f"model id {model_id!r} appears twice")
                seen[model_id] = r.source
    return Catalog(skills=skills)
