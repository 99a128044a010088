"""The one path every request takes: validate → route → gate → submit → wait → download → result.

The MCP tools (`mcp/app.py`) and the CLI (`cli.py`) both call `Pipeline`, so they cannot disagree.
Nothing here speaks MCP or argv; the client's HTTP stays behind `JobRunner`.

- `requests.py`: a request checked and routed (pure): the plan contract, validation of a body;
- `decisions.py`: routing, the gate and the second-opinion question on the live catalog;
- `core.py`: `Pipeline`, the decisions plus running jobs and the job tools;
- `views.py`: what a job result shows;
- `opening.py`: starting and stopping everything a request needs.
"""

from runcomfy_skills.pipeline.core import Pipeline
from runcomfy_skills.pipeline.opening import open_pipeline
from runcomfy_skills.pipeline.requests import Plan, PolicyRefusal, Prepared, plan_request, usable

__all__ = ["Pipeline", "Plan", "PolicyRefusal", "Prepared", "open_pipeline", "plan_request", "usable"]
