"""`python -m server` is the same as the `runcomfy-skills` command."""

from .cli import main

if __name__ == "__main__":
    raise SystemExit(main())
