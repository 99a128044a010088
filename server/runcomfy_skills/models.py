"""Pydantic models at the boundaries that every layer shares (request in, consent in)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from runcomfy_skills.bounds import MAX_ROLE_CHARS
from runcomfy_skills.urls import split_or_none

AssetKind = Literal["image", "video", "audio"]

_EXTENSIONS: dict[str, AssetKind] = {
    **dict.fromkeys(("png", "jpg", "jpeg", "webp", "gif", "bmp", "tif", "tiff", "heic", "avif"), "image"),
    **dict.fromkeys(("mp4", "mov", "webm", "mkv", "avi", "m4v", "mpeg", "mpg"), "video"),
    **dict.fromkeys(("mp3", "wav", "m4a", "aac", "ogg", "flac", "opus"), "audio"),
}


def kind_from_url(url: str) -> AssetKind | None:
    """Guess the media kind from the URL path's extension; None when it says nothing."""
    parts = split_or_none(url)
    path = parts.path.lower() if parts is not None else ""
    ext = path.rsplit(".", 1)[-1] if "." in path.rsplit("/", 1)[-1] else ""
    # GIF is an animated image on the wire but video-edit models take it as a clip; keep it an image.
    return _EXTENSIONS.get(ext)


class Asset(BaseModel):
    """A media file the caller hands over: a public URL, its role in the request, its kind."""

    model_config = ConfigDict(extra="forbid")

    url: str = Field(description="Public https URL of the file; RunComfy fetches it server-side.")
    role: str | None = Field(
        default=None,
        max_length=MAX_ROLE_CHARS,
        description="What the file is for: identity, scene, mask, audio, reference_video, frame, reference.",
    )
    kind: AssetKind | None = Field(default=None, description="image, video or audio; inferred from the URL when absent.")

    @property
    def resolved_kind(self) -> AssetKind | None:
        return self.kind or kind_from_url(self.url)


class Consent(BaseModel):
    """The three attestations a face swap needs before anything is submitted (only `true` is yes)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    identity_rights: bool = Field(
        default=False, description="You have the rights (or the person's permission) to use the identity swapped in."
    )
    media_rights: bool = Field(default=False, description="You have the rights to the source image or video.")
    synthetic_media_allowed: bool = Field(
        default=False, description="The place the result will be published allows synthetic media (label it)."
    )

    def missing(self) -> list[str]:
        return [name for name, given in self.model_dump().items() if given is not True]

    @classmethod
    def from_input(cls, value: object) -> Consent | None:
        """Consent as data: only a JSON `true` counts; "true", 1, other keys or a non-object count as not given.

        None when nothing was passed, so the gate names all three attestations as missing.
        """
        if not isinstance(value, dict):
            return None
        return cls(**{name: value.get(name) is True for name in cls.model_fields})
