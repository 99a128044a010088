"""`python -m runcomfy_skills` is the same as the `runcomfy-skills` command.

Run as a file (an MCP bundle's `entry_point`, `uv run server/runcomfy_skills/__main__.py serve`),
Python puts this folder first on the path, where our `mcp/` subpackage would hide the MCP SDK of
the same name: the folder above it goes there instead.
"""

import os
import sys

if not __package__:
    _here = os.path.dirname(os.path.abspath(__file__))
    sys.path[:] = [os.path.dirname(_here)] + [p for p in sys.path if os.path.abspath(p or os.curdir) != _here]

from runcomfy_skills.cli import main  # noqa: E402 - after the path fix above

if __name__ == "__main__":
    raise SystemExit(main())
