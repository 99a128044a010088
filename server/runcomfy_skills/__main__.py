"""`python -m runcomfy_skills` is the same as the `runcomfy-skills` command."""

from runcomfy_skills.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
