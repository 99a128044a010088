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

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from runcomfy_skills.errors import ExitCode, SkillError
from runcomfy_skills.catalog.schema_table import parse_schema_table

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


class AssetSlot(_Strict):
    """Where assets of one kind go in a route's request body, and how many it takes."""

    field: str
    kind: Literal["image", "video", "audio"]
    min: int = Field(ge=0)
    max: int = Field(ge=1)
    # Roles in order: when a slot takes several files, the router puts those whose role comes first first.
    roles: tuple[str, ...] = ()
    # The counts this route is the best choice for (router preference; min/max stay the hard limits).
    typical_min: int | None = Field(default=None, ge=0)
    typical_max: int | None = Field(default=None, ge=1)


class RoutingHints(_Strict):
    tool: str | None = None
    default: bool = False
    default_for: Literal["image", "video"] | None = None
    assets: tuple[AssetSlot, ...]
    pick: tuple[str, ...] = ()
    avoid: tuple[str, ...] = ()
    preserve_clause: bool = True  # false: the route changes the whole look, so "preserve all else" would contradict it


class OutOfScope(_Strict):
    id: str
    cues: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
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


class Route(_Strict):
    skill: str
    model_id: str
    title: str
    tool: str
    description: str
    is_default: bool
    default_for: Literal["image", "video"] | None
    slots: tuple[AssetSlot, ...]
    pick: tuple[str, ...]
    avoid: tuple[str, ...]
    preserve_clause: bool
    input_schema: dict[str, Any]
    source: str  # "path:line" of the route heading


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
        raise SkillError(ExitCode.USAGE, f"Unknown skill {name!r}.", hint=f"Known skills: {self.skill_names()}.")

    def skill_names(self) -> str:
        return ", ".join(s.name for s in self.skills)

    def route(self, model_id_or_tool: str) -> Route:
        for r in self.routes:
            if model_id_or_tool in (r.model_id, r.tool):
                return r
        known = ", ".join(r.model_id for r in self.routes)
        raise SkillError(
            ExitCode.USAGE,
            f"Unknown route {model_id_or_tool!r}.",
            hint=f"Run `runcomfy-skills routes` to list them. Known model ids: {known}.",
        )


_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)
_ROUTE_HEADING = re.compile(r"^## Route:\s*(.+?)\s*$")
_MODEL_LINE = re.compile(r"^Model id:\s*`([^`]+)`\s*$")
_MODEL_ID = re.compile(r"^[A-Za-z0-9_.-]+(?:/[A-Za-z0-9_.-]+)+$")


def _yaml_block(lines: list[str], start: int, end: int, tag: str, path: Path) -> tuple[Any, int] | None:
    """The first ```yaml <tag> block between start and end: (parsed data, 1-based line)."""
    for i in range(start, end):
        if lines[i].strip() == f"```yaml {tag}":
            for j in range(i + 1, end):
                if lines[j].strip() == "```":
                    try:
                        return yaml.safe_load("\n".join(lines[i + 1 : j])), i + 1
                    except yaml.YAMLError as exc:
                        raise CatalogError(path, i + 1, f"the `yaml {tag}` block is not valid YAML: {exc}") from None
            raise CatalogError(path, i + 1, f"the `yaml {tag}` block is never closed with ```")
    return None


def _model(cls: type[BaseModel], data: Any, path: Path, line: int, what: str) -> Any:
    try:
        return cls.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(p) for p in first["loc"]) or "(block)"
        raise CatalogError(path, line, f"{what}: {loc}: {first['msg']}") from None


def _prose(lines: list[str]) -> str:
    """The route's plain paragraphs (not code, tables or headings), for the tool description."""
    out, in_code = [], False
    for line in lines:
        if line.startswith("```"):
            in_code = not in_code
            continue
        if in_code or line.startswith(("#", "|", "Model id:")):
            continue
        out.append(line)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip()


def parse_skill(path: Path, text: str | None = None) -> Skill:
    """One skill document; `text` is given when it was read from package resources (maybe a zip)."""
    text = path.read_text(encoding="utf-8") if text is None else text
    match = _FRONT_MATTER.match(text)
    if not match:
        raise CatalogError(path, 1, "no YAML front matter (a `---` line, `name:` and `description:`, then `---`)")
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
    hints: SkillHints = _model(SkillHints, found[0], path, found[1], "yaml skill block")

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
    found = _yaml_block(lines, start, end, "routing", path)
    if found is None:
        raise CatalogError(path, start + 1, f"route {title!r} has no ```yaml routing block")
    hints: RoutingHints = _model(RoutingHints, found[0], path, found[1], "yaml routing block")
    table_line = next((i for i in range(start, end) if lines[i].strip().lower() == "### input schema"), None)
    if table_line is None:
        raise CatalogError(path, start + 1, f"route {title!r} has no `### Input schema` table")
    schema = parse_schema_table(lines, table_line + 1, end, path, CatalogError)
    for slot in hints.assets:
        if slot.field not in schema["properties"]:
            raise CatalogError(path, found[1], f"asset slot field {slot.field!r} is not in the input schema table")
    tool = hints.tool or re.sub(r"[^a-zA-Z0-9_-]", "_", model_id.split("/", 1)[-1])[:64]
    if not TOOL_NAME.match(tool) or tool in RESERVED_TOOLS:
        raise CatalogError(path, found[1], f"tool name {tool!r} must match {TOOL_NAME.pattern} and not be reserved")
    prose = _prose(lines[start + 1 : end])
    return Route(
        skill=skill,
        model_id=model_id,
        title=title,
        tool=tool,
        description=f"{title} — `{model_id}` ({skill}).\n\n{prose}",
        is_default=hints.default,
        default_for=hints.default_for,
        slots=hints.assets,
        pick=hints.pick,
        avoid=hints.avoid,
        preserve_clause=hints.preserve_clause,
        input_schema=schema,
        source=f"{path}:{start + 1}",
    )


def _bundled_documents() -> list[tuple[Path, str]]:
    """The skill documents shipped with the package, or those of the checkout it runs from."""
    bundled = resources.files("runcomfy_skills").joinpath("skills")
    if bundled.is_dir():
        docs = [entry.joinpath("SKILL.md") for entry in bundled.iterdir() if entry.is_dir()]
        return sorted((Path(str(d)), d.read_text(encoding="utf-8")) for d in docs if d.is_file())
    return [(p, p.read_text(encoding="utf-8")) for p in sorted(_CHECKOUT_SKILLS.glob("*/SKILL.md"))]


def load_catalog(skills_dir: Path | str | None = None) -> Catalog:
    """Read every `skills/*/SKILL.md`; tool names and model ids must be unique across skills."""
    chosen = skills_dir or os.environ.get("RUNCOMFY_SKILLS_DIR")
    if chosen:
        root = Path(chosen)
        documents = [(p, p.read_text(encoding="utf-8")) for p in sorted(root.glob("*/SKILL.md"))]
    else:
        root, documents = _CHECKOUT_SKILLS, _bundled_documents()
    if not documents:
        raise SkillError(ExitCode.USAGE, f"No skill documents found in {root}.",
                         hint="Point RUNCOMFY_SKILLS_DIR at a folder of <skill>/SKILL.md documents.")
    skills = tuple(parse_skill(path, text) for path, text in documents)
    seen: dict[str, str] = {}
    for skill in skills:
        for name, source in [(skill.tool, str(skill.path))] + [(r.tool, r.source) for r in skill.routes]:
            if name in seen:
                path, _, line = source.rpartition(":") if ":" in source else (source, "", "1")
                raise CatalogError(Path(path), int(line or 1), f"tool {name!r} is already defined at {seen[name]}")
            seen[name] = source
        for r in skill.routes:
            if r.model_id in seen:
                raise CatalogError(skill.path, 1, f"model id {r.model_id!r} appears twice")
            seen[r.model_id] = r.source
    return Catalog(skills=skills)
