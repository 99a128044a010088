"""Shared fixtures. Helpers add fixtures below; never rewrite another's."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.paths import REPO


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


NEW_ROUTE = """
## Route: Test Upscaler

Model id: `acme/upscaler/v1`

Pick it to upscale a clip.

```yaml routing
tool: acme_upscaler
assets:
  - field: clip
    kind: video
    min: 1
    max: 1
pick: [upscale, sharper, higher resolution]
```

### Input schema

| field | type | required | default | enum / limits | notes |
|---|---|---|---|---|---|
| prompt | string | yes | | | What to do. |
| clip | video_url | yes | | | The clip. |
| factor | integer | no | 2 | 2–4 | How much bigger. |
"""


@pytest.fixture
def skills_with_new_route(tmp_path: Path) -> Path:
    """A copy of the skills folder with one more route, added by editing markdown only."""
    import shutil

    skills = tmp_path / "skills-new-route"
    shutil.copytree(REPO / "skills", skills)
    doc = skills / "video-inpainting" / "SKILL.md"
    doc.write_text(doc.read_text().replace("## Out of scope", NEW_ROUTE.strip() + "\n\n## Out of scope", 1))
    return skills


@pytest.fixture(scope="session")
def catalog():
    from runcomfy_skills.catalog.skill_docs import load_catalog

    return load_catalog(REPO / "skills")


# ---- RunComfy emulator (server/sandbox.py): one loopback server per session, reset per test ----

EMULATOR_TOKEN = "emulator-test-token-7f3a9c"


@pytest.fixture(scope="session")
def _emulator_server(catalog):
    from runcomfy_skills.sandbox.emulator import Emulator

    with Emulator(catalog, token=EMULATOR_TOKEN, queue_seconds=0.15, run_seconds=0.25) as emulator:
        yield emulator


@pytest.fixture
def emulator(_emulator_server):
    """The shared emulator with no faults and an empty request log (jobs from earlier tests remain)."""
    _emulator_server.reset()
    yield _emulator_server
    _emulator_server.clear_faults()


@pytest.fixture
async def emulator_client(emulator):
    """A RunComfyClient on the emulator with fast polling and a short request timeout."""
    from runcomfy_skills.runcomfy.client import RunComfyClient

    async with RunComfyClient(
        emulator.token,
        emulator.base_url,
        download_origins=(emulator.origin,),
        poll_initial=0.05,
        poll_max=0.1,
        request_timeout=1.0,
    ) as client:
        yield client
