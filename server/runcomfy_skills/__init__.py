"""runcomfy-skills: video inpainting and face swap through the RunComfy Model API, as an MCP server."""

__version__ = "0.1.0"
