"""Prompts for the skills' common requests: a user picks one, fills in its arguments, and the
agent gets a ready instruction that names the tool, the assets and their roles.

The face-swap prompts put consent first: the agent asks the user for each attestation and
passes only what the user confirmed.
"""

from __future__ import annotations

import re
from typing import Any

from mcp.server import ServerRequestContext
from mcp.shared.exceptions import MCPError
from mcp.types import (
    INVALID_PARAMS,
    GetPromptRequestParams,
    GetPromptResult,
    ListPromptsResult,
    PaginatedRequestParams,
    Prompt,
    PromptArgument,
    PromptMessage,
    TextContent,
)
from pydantic import BaseModel

_OPTIONAL_PART = re.compile(r"\[\[(.*?)\]\]", re.S)  # [[ … {name} … ]] is left out when `name` is not given
CONSENT_FIRST = (
    "\n\nThis is a face swap, so consent comes first. Ask me to confirm each of these and pass only what I "
    "confirm as `consent`: I have the rights (or the person's permission) to use this face "
    "(`identity_rights`); I have the rights to the {media} (`media_rights`); the place I publish the result "
    "allows synthetic media (`synthetic_media_allowed`). If a consent form appears, let me answer it myself. "
    "Label the result as synthetic media wherever it is published."
)


class Template(BaseModel):
    """One prompt: its arguments (name → what to enter; required unless listed optional) and text."""

    name: str
    title: str
    description: str
    arguments: dict[str, str]
    optional: tuple[str, ...] = ()
    text: str

    def prompt(self) -> Prompt:
        return Prompt(
            name=self.name,
            title=self.title,
            description=self.description,
            arguments=[PromptArgument(name=n, description=d, required=n not in self.optional)
                       for n, d in self.arguments.items()],
        )

    def render(self, given: dict[str, str]) -> GetPromptResult:
        values = {k: v.strip() for k, v in given.items() if isinstance(v, str) and v.strip()}
        missing = [n for n in self.arguments if n not in self.optional and n not in values]
        unknown = sorted(set(given) - set(self.arguments))
        if missing or unknown:
            problem = f"missing {', '.join(missing)}" if missing else f"unknown {', '.join(unknown)}"
            raise MCPError(code=INVALID_PARAMS, message=f"Prompt {self.name}: {problem}. It takes: "
                           f"{', '.join(self.arguments)} ({', '.join(self.optional) or 'none'} optional).")
        text = _OPTIONAL_PART.sub(
            lambda m: m.group(1) if all(n in values for n in re.findall(r"{(\w+)}", m.group(1))) else "", self.text)
        text = text.format(**{n: values.get(n, "") for n in self.arguments})
        return GetPromptResult(description=self.description,
                               messages=[PromptMessage(role="user", content=TextContent(type="text", text=text))])


TEMPLATES = (
    Template(
        name="remove_watermark",
        title="Remove a watermark from a video",
        description="Erase a watermark or logo from every frame of a clip (video-inpainting).",
        arguments={"video_url": "Public https URL of the clip (2–10 s).",
                   "where": "Where the watermark is, e.g. the bottom-right corner."},
        optional=("where",),
        text="Remove the watermark[[ in {where}]] from every frame of this video: {video_url}. Preserve all other "
        "content exactly. Call `video_inpaint` with this request and the video as an asset with role `source`.",
    ),
    Template(
        name="replace_sky",
        title="Replace the sky in a video",
        description="Swap the sky of a clip for another one, tracked across the frames (video-inpainting).",
        arguments={"video_url": "Public https URL of the clip (2–10 s).",
                   "new_sky": "The sky you want, e.g. a warm sunset with scattered clouds.",
                   "reference_image_url": "Optional public https URL of a photo of that sky."},
        optional=("reference_image_url",),
        text="Replace the sky in this video with {new_sky}: {video_url}. Preserve all other content exactly. "
        "Call `video_inpaint` with this request and the video as an asset with role `source`[[, and the sky photo "
        "{reference_image_url} with role `reference`]].",
    ),
    Template(
        name="restyle_clip",
        title="Restyle a video clip",
        description="Give a clip a new look while the people in it stay recognisable (video-inpainting).",
        arguments={"video_url": "Public https URL of the clip.",
                   "style": "The new look, e.g. hand-drawn anime or 1940s film noir."},
        text="Restyle this video as {style}, keeping the people, their faces and their motion recognisable: "
        "{video_url}. Call `video_inpaint` with this request and the video as an asset with role `source`.",
    ),
    Template(
        name="face_swap_image",
        title="Swap a face in a still (with consent)",
        description="Put the face from a portrait into a scene image, keeping pose and lighting (face-swap).",
        arguments={"scene_image_url": "Public https URL of the image whose face is replaced.",
                   "face_image_url": "Public https URL of a clear, front-facing portrait of the face to use."},
        text="Replace the face of the person in {scene_image_url} with the face from {face_image_url}; keep "
        "pose, clothing, hair, lighting and background. Call `face_swap` with this request and both images as "
        "assets: the scene with role `scene`, the portrait with role `identity`." + CONSENT_FIRST.format(
            media="scene image"),
    ),
    Template(
        name="face_swap_video",
        title="Put a person into a video (with consent)",
        description="Make the person from a portrait perform the motion of a reference video (face-swap).",
        arguments={"video_url": "Public https URL of the reference video (10–30 s) whose motion is followed.",
                   "face_image_url": "Public https URL of a clear, front-facing portrait of the person."},
        text="Make the person in {face_image_url} perform the motion of this video: {video_url}. Call "
        "`face_swap` with this request and both assets: the portrait with role `identity`, the video with role "
        "`reference_video`." + CONSENT_FIRST.format(media="reference video"),
    ),
)
_BY_NAME = {t.name: t for t in TEMPLATES}


async def list_prompts(ctx: ServerRequestContext[Any], params: PaginatedRequestParams | None) -> ListPromptsResult:
    return ListPromptsResult(prompts=[t.prompt() for t in TEMPLATES])


async def get_prompt(ctx: ServerRequestContext[Any], params: GetPromptRequestParams) -> GetPromptResult:
    template = _BY_NAME.get(params.name)
    if template is None:
        raise MCPError(code=INVALID_PARAMS, message=f"Unknown prompt {params.name!r}; prompts/list names them.")
    return template.render(dict(params.arguments or {}))
