"""The command line: argv in, exit codes out. Every command calls the same pipeline as the MCP tools."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path
from typing import Any, NoReturn

import anyio

from runcomfy_skills import __version__
from runcomfy_skills.bounds import MAX_MESSAGE_BYTES, check_bounds
from runcomfy_skills.catalog.skill_docs import load_catalog
from runcomfy_skills.errors import ExitCode, SkillError, redact
from runcomfy_skills.models import Asset, Consent
from runcomfy_skills.settings import Settings, state_scope

log = logging.getLogger("runcomfy-skills")

EPILOG = """\
examples:
  runcomfy-skills run wan-ai/wan-2-7/edit-video --sandbox --output-dir out \\
      --input '{"prompt": "Remove the watermark in the bottom-right corner.", "video": "https://cdn.example.com/clip.mp4"}'
  runcomfy-skills plan "Replace the sky with a sunset" --asset https://cdn.example.com/city.mp4
  runcomfy-skills serve                      # MCP over stdio (for Claude Desktop / Claude Code / Cursor)
  runcomfy-skills serve --sandbox            # the same, against the built-in emulator: no token, no network
  runcomfy-skills routes                     # every route with its tool name
  runcomfy-skills journal check              # is the job journal damaged? (journal recover repairs it)
  runcomfy-skills http-token alice           # a bearer token for one user of `serve --transport http`

sign in: set RUNCOMFY_TOKEN, or save a token with the RunComfy CLI (`runcomfy login`,
~/.config/runcomfy/token.json, mode 0600). --sandbox needs neither.

exit codes: 0 ok, 1 job failed or cancelled, 64 bad arguments, 65 bad input (malformed JSON,
schema mismatch, unknown model id), 69 RunComfy unavailable, 70 refused by the consent gate or
policy, 75 temporary (timeout, rate limit, submit outcome unknown), 77 not signed in, 130 interrupted.
"""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # argparse exits 2 by default; ours is 64 (usage)
        self.print_usage(sys.stderr)
        self.exit(ExitCode.USAGE, f"{self.prog}: error: {message}\nRun `{self.prog} --help` for usage.\n")


def _parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="runcomfy-skills",
        description="Video inpainting and face swap through the RunComfy Model API: an MCP server and a CLI.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    p.add_argument("-v", "--verbose", action="store_true", help="log details to stderr")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    serve = sub.add_parser("serve", help="run the MCP server (stdio by default)")
    serve.add_argument("--transport", choices=["stdio", "http"], default="stdio")
    serve.add_argument("--host", default="127.0.0.1", help="HTTP transport address (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8765, help="HTTP transport port (default 8765)")
    serve.add_argument("--sandbox", action="store_true", help="use the built-in Model API emulator (no token)")

    run = sub.add_parser("run", help="submit one request to a route, wait, and download the outputs")
    run.add_argument("model_id", help="model id or tool name, e.g. wan-ai/wan-2-7/edit-video (see `routes`)")
    src = run.add_mutually_exclusive_group(required=True)
    src.add_argument("--input", help="the request body as a JSON object")
    src.add_argument("--input-file", help="a file holding the JSON body ('-' for stdin)")
    run.add_argument("--output-dir", default=".", help="where to save the outputs (default: current folder)")
    run.add_argument("--wait", type=float, default=None, help="seconds to wait before leaving the job running")
    run.add_argument("--consent", default="", help="face swap: identity_rights,media_rights,synthetic_media_allowed (or 'all')")
    run.add_argument("--sandbox", action="store_true", help="use the built-in Model API emulator (no token)")

    plan = sub.add_parser("plan", help="pick the route for a request in plain words (submits nothing)")
    plan.add_argument("request")
    plan.add_argument("--asset", action="append", default=[], metavar="URL[=ROLE]", help="an asset URL, optionally =role")
    plan.add_argument("--skill", help="restrict to one skill")
    plan.add_argument("--consent", default="", help="as for run")
    plan.add_argument("--json", action="store_true", help="print the structured decision")

    routes = sub.add_parser("routes", help="list the skills' routes and their tool names")
    routes.add_argument("--json", action="store_true")

    for name, text in [("status", "show a job from the journal"), ("result", "wait for a job and download its files"),
                       ("cancel", "cancel a job upstream")]:
        job = sub.add_parser(name, help=text)
        job.add_argument("job_id")
        job.add_argument("--sandbox", action="store_true", help=argparse.SUPPRESS)
        if name == "result":
            job.add_argument("--wait", type=float, default=None)
    jobs = sub.add_parser("jobs", help="list recent jobs from the journal")
    jobs.add_argument("--limit", type=int, default=20)
    jobs.add_argument("--state")
    jobs.add_argument("--sandbox", action="store_true", help=argparse.SUPPRESS)

    token = sub.add_parser("http-token", help="make a bearer token for one HTTP user, and its tokens-file line")
    token.add_argument("name", help="the user (principal) the token is for: letters, digits, ._@+-")

    diff = sub.add_parser("catalog-diff", help="compare each route's SKILL.md table with RunComfy's live input_schema")
    diff.add_argument("--json", action="store_true", help="one JSON list of routes and their changes, for scripts")
    diff.add_argument("--write", action="store_true", help="update the SKILL.md tables (and ids) from the catalog")

    journal = sub.add_parser("journal", help="check or repair the job journal (no network)")
    verbs = journal.add_subparsers(dest="verb", required=True, parser_class=_Parser)
    verbs.add_parser("check", help="report damage: integrity, unreadable rows, set-aside files (exit 65 if any)")
    verbs.add_parser("recover", help="bring back every job that can be salvaged from damaged rows and files")
    adopt = verbs.add_parser("adopt", help="journal a request RunComfy accepted that the journal could not record")
    adopt.add_argument("request_id")
    adopt.add_argument("--model", required=True, help="the model id it was submitted to")
    adopt.add_argument("--output-dir", default=".", help="where to save its files (default: current folder)")
    for verb in verbs.choices.values():
        verb.add_argument("--json", action="store_true", help="print the report as JSON")
    return p


def parse_consent(text: str) -> Consent | None:
    names = [n.strip().replace("-", "_") for n in text.split(",") if n.strip()]
    if not names:
        return None
    if names == ["all"]:
        names = list(Consent.model_fields)
    unknown = set(names) - set(Consent.model_fields)
    if unknown:
        raise SkillError(ExitCode.USAGE, f"Unknown consent {sorted(unknown)}.", where="--consent",
                         hint=f"Use any of {', '.join(Consent.model_fields)}, or 'all'.")
    return Consent(**dict.fromkeys(names, True))


def parse_asset(text: str) -> Asset:
    url, _, role = text.partition("=") if "=" in text.split("?", 1)[0] else (text, "", "")
    return Asset(url=url, role=role or None)


def read_body(args: argparse.Namespace) -> Any:
    """The request body, bounded like a tool call's arguments (`bounds.py`) before anything else."""
    if args.input is not None:
        raw, where = args.input, "--input"
    else:
        where = f"--input-file {args.input_file}"
        try:
            if args.input_file == "-":
                raw = sys.stdin.read(MAX_MESSAGE_BYTES + 1)
            else:
                with open(args.input_file, encoding="utf-8") as file:
                    raw = file.read(MAX_MESSAGE_BYTES + 1)
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) else "it is not UTF-8 text"
            raise SkillError(ExitCode.DATA, f"Cannot read the input file: {reason}.", where=where) from None
    if len(raw) > MAX_MESSAGE_BYTES:
        raise SkillError(ExitCode.DATA, f"The input is larger than {MAX_MESSAGE_BYTES:,} characters.", where=where,
                         hint="A request body is a small JSON object; media go in as URLs.")
    try:
        body = json.loads(raw)
    except (json.JSONDecodeError, RecursionError) as exc:
        reason = (f"{exc.msg} at line {exc.lineno} column {exc.colno}" if isinstance(exc, json.JSONDecodeError)
                  else "it nests too deeply")
        raise SkillError(ExitCode.DATA, f"The input is not valid JSON: {reason}.", where=where,
                         hint="Quote the JSON in single quotes in the shell: --input '{\"prompt\": \"...\"}'.") from None
    check_bounds(body, where)
    return body


def _print(data: Any) -> None:
    print(redact(json.dumps(data, indent=2, default=str)))


async def _progress(progress: Any) -> None:
    print(redact(f"  … {progress.message}"), file=sys.stderr, flush=True)


async def _with_pipeline(args: argparse.Namespace, work: Any) -> int:
    from runcomfy_skills.pipeline import open_pipeline

    settings = Settings.from_env(sandbox=getattr(args, "sandbox", False))
    async with open_pipeline(settings) as pipeline:
        return await work(pipeline, settings)


async def _run(args: argparse.Namespace) -> int:
    body = read_body(args)
    consent = parse_consent(args.consent)

    async def work(pipeline: Any, settings: Settings) -> int:
        await pipeline.settle()  # with a token, the route's live schema (bounded wait)
        prepared = pipeline.prepare_route_call(args.model_id, body)
        for warning in prepared.warnings:
            print(f"warning: {warning}", file=sys.stderr)
        wait = settings.max_wait_seconds if args.wait is None else args.wait
        view = await pipeline.run(prepared, consent, elicited=False, source="cli:run", output_dir=Path(args.output_dir),
                                  wait_seconds=wait, on_progress=_progress)
        _print(view)
        print(redact(view["summary"]), file=sys.stderr)
        return _exit_for_state(view)

    return await _with_pipeline(args, work)


def _exit_for_state(view: dict[str, Any]) -> int:
    if view["state"] in ("failed", "cancelled"):
        return ExitCode.FAILED
    if view["state"] == "unknown":
        return ExitCode.TEMPFAIL
    if view["state"] != "completed":
        return ExitCode.TEMPFAIL  # still running after the wait: collect it later with `result`
    return ExitCode.OK


def _plan(args: argparse.Namespace) -> int:
    from runcomfy_skills.policy import gate as policy
    from runcomfy_skills.policy.audit import AuditLog
    from runcomfy_skills.pipeline import plan_request

    settings = Settings.from_env()
    with state_scope(settings):
        plan = plan_request(load_catalog(), AuditLog(settings.state_dir), policy.PolicySettings.from_env(),
                            args.request, [parse_asset(a) for a in args.asset], parse_consent(args.consent),
                            skill=args.skill, source="cli:plan")
    if args.json:
        _print(plan.model_dump(mode="json"))
        return ExitCode.OK
    print(f"decision: {plan.decision}")
    for key in ("skill", "route", "mode", "tool", "redirect", "redirect_id"):
        if getattr(plan, key):
            print(f"{key}: {getattr(plan, key)}")
    print(f"confidence: {plan.confidence:.2f}")
    for line in plan.reasons:
        print(f"  why: {line}")
    for line in plan.missing:
        print(f"  missing: {line}")
    if plan.rule_ids:
        print(f"rules: {', '.join(plan.rule_ids)}")
    if plan.arguments:
        print("arguments: " + json.dumps(plan.arguments))
    return ExitCode.OK


def _routes(args: argparse.Namespace) -> int:
    tables, live = load_catalog(), _stored_catalog()
    rows = [{"skill": r.skill, "model_id": r.model_id, "tool": r.tool, "default": r.is_default, "title": r.title,
             "schema": s.schema_source, "runs_as": s.model_id, "problem": s.problem}
            for r, s in zip(tables.routes, live.routes)]
    if args.json:
        _print(rows)
    else:
        for row in rows:
            mark = " (default)" if row["default"] else ""
            moved = f" → {row['runs_as']}" if row["runs_as"] != row["model_id"] else ""
            print(f"{row['skill']:<17} {row['model_id']:<42} {row['tool']}{mark} | schema: {row['schema']}{moved}"
                  + (f" | PROBLEM: {row['problem']}" if row["problem"] else ""))
    return ExitCode.OK


def _stored_catalog() -> Any:
    """The routes as the live catalog stored in the state folder has them; the tables without a token."""
    from runcomfy_skills.catalog.live import LIVE_CACHE_NAME, LiveCatalog
    from runcomfy_skills.runcomfy.auth import load_token

    settings, tables = Settings.from_env(), load_catalog()
    try:
        load_token()
    except SkillError:
        return tables  # without a token the tables stand, and nothing claims they were checked
    if settings.catalog_refresh_seconds <= 0:
        return tables
    return LiveCatalog.stored(tables, settings.state_dir / LIVE_CACHE_NAME, settings.api_base)


async def _job_command(args: argparse.Namespace) -> int:
    async def work(pipeline: Any, settings: Settings) -> int:
        if args.command == "jobs":
            _print(pipeline.jobs_list(args.limit, args.state))
            return ExitCode.OK
        if args.command == "status":
            view = pipeline.job_status(args.job_id)
        elif args.command == "cancel":
            view = await pipeline.job_cancel(args.job_id)
        else:
            wait = settings.max_wait_seconds if args.wait is None else args.wait
            view = await pipeline.job_result(args.job_id, wait, _progress)
        _print(view)
        return ExitCode.OK if args.command != "result" else _exit_for_state(view)

    return await _with_pipeline(args, work)


async def _catalog_diff(args: argparse.Namespace) -> int:
    from runcomfy_skills.catalog.diff import diff_catalog
    from runcomfy_skills.runcomfy.client import RunComfyClient, load_token

    settings, catalog = Settings.from_env(), load_catalog()
    async with RunComfyClient(load_token(), settings.api_base, allowed_api_hosts=settings.allowed_api_hosts,
                              limiter=settings.request_limiter()) as client:
        diffs = await diff_catalog(client.get_model, catalog)
    differing = sum(bool(d.differences) for d in diffs)
    if args.json:
        _print([d.model_dump(mode="json") for d in diffs])
    else:
        for diff in diffs:
            print(redact(f"{diff.model_id}: {'matches' if not diff.differences else 'DIFFERS'}"))
            for line in diff.differences:
                print(redact(f"  - {line}"))
        print(f"{differing} of {len(diffs)} routes differ from the live catalog.")
    if args.write:
        from runcomfy_skills.catalog.table_write import write_documents

        for path in write_documents(catalog, diffs):
            print(f"updated {path}: review it with `git diff`", file=sys.stderr)
    return ExitCode.DATA if differing else ExitCode.OK


def _journal(args: argparse.Namespace) -> int:
    """`journal check | recover | adopt`: work on the journal file alone; nothing is sent anywhere."""
    from runcomfy_skills.jobs import repair
    from runcomfy_skills.jobs.journal import JobJournal
    from runcomfy_skills.runcomfy.client import valid_request_id
    from runcomfy_skills.settings import prepare_output_dir

    journal = JobJournal(Settings.from_env().state_dir)
    if args.verb == "adopt":
        if not valid_request_id(args.request_id):
            raise SkillError(ExitCode.USAGE, "That is not a RunComfy request id.", where="request_id")
        record = journal.adopt(args.request_id, load_catalog().route(args.model).model_id,
                               prepare_output_dir(Path(args.output_dir), "--output-dir"))
        _print({"job_id": record.job_id, "request_id": record.request_id, "state": record.state})
        print(f"Collect it with `runcomfy-skills result {record.job_id}`.", file=sys.stderr)
        return ExitCode.OK
    report = repair.check(journal) if args.verb == "check" else repair.recover(journal)
    if args.json:
        _print(report.model_dump() | {"healthy": report.healthy})
    else:
        print(f"journal: {report.journal}\nintegrity: {report.integrity}\njobs: {report.jobs}")
        for label, items in (("warning", report.warnings), ("unreadable row", report.unreadable_rows),
                             ("set-aside file", report.damaged_files), ("recovered", report.recovered),
                             ("not recovered", report.not_recovered)):
            for item in items:
                print(redact(f"{label}: {item}"))
        if report.quarantined:
            print(f"quarantined rows waiting: {report.quarantined} (run `runcomfy-skills journal recover`)")
        if args.verb == "recover" and report.recovered:
            print("Recovered jobs are followed and collected at the next start (or `runcomfy-skills result JOB`).")
    return ExitCode.OK if report.healthy else ExitCode.DATA


def _http_token(args: argparse.Namespace) -> int:
    """A new random token on stdout; the line for RUNCOMFY_HTTP_TOKENS_FILE (its sha256, not the token) on stderr."""
    import secrets

    from runcomfy_skills.mcp.http import PRINCIPAL, token_digest

    if not PRINCIPAL.match(args.name):
        raise SkillError(ExitCode.USAGE, "A user name is 1–64 letters, digits and ._@+- (starting with a letter or "
                         "digit).", where="name")
    token = secrets.token_urlsafe(32)
    print(token)
    print(f"Give the token above to {args.name}; add this line to the file named by RUNCOMFY_HTTP_TOKENS_FILE:\n"
          f"{args.name}:{token_digest(token)}", file=sys.stderr)
    return ExitCode.OK


def _serve(args: argparse.Namespace) -> int:
    from runcomfy_skills.catalog.cache import load_catalog_cached
    from runcomfy_skills.mcp.serve import serve

    settings = Settings.from_env(sandbox=args.sandbox)
    # A sandbox's state folder is new each run (and removed after it): no cache to keep there.
    catalog = load_catalog() if settings.ephemeral_state else load_catalog_cached(settings.state_dir)
    serve(settings, catalog, args.transport, args.host, args.port)
    return ExitCode.OK


def _find(exc: BaseException, kind: type[BaseException]) -> BaseException | None:
    """The first `kind` inside an exception group (task groups wrap what their body raises)."""
    if isinstance(exc, kind):
        return exc
    for inner in getattr(exc, "exceptions", ()):
        if (found := _find(inner, kind)) is not None:
            return found
    return None


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    # The level is the stderr handler's: the MCP server may log more for clients that ask for it.
    stderr = logging.StreamHandler(sys.stderr)
    stderr.setLevel(logging.INFO if args.verbose else logging.WARNING)
    logging.basicConfig(level=stderr.level, handlers=[stderr], format="%(levelname)s %(name)s: %(message)s")
    commands = {"run": _run, "status": _job_command, "result": _job_command, "cancel": _job_command,
                "jobs": _job_command, "catalog-diff": _catalog_diff}
    try:
        if args.command == "serve":
            return _serve(args)
        if args.command == "routes":
            return _routes(args)
        if args.command == "plan":
            return _plan(args)
        if args.command == "journal":
            return _journal(args)
        if args.command == "http-token":
            return _http_token(args)
        return int(anyio.run(commands[args.command], args))
    except BaseException as exc:  # noqa: BLE001 - unwrapped below; anything else is re-raised
        if isinstance(err := _find(exc, SkillError), SkillError):
            print(f"error ({int(err.code)} {err.code.name.lower()}): {err.describe()}", file=sys.stderr)
            return int(err.code)
        if _find(exc, KeyboardInterrupt) is not None:
            print("interrupted: a queued job was cancelled upstream; see `runcomfy-skills jobs`.", file=sys.stderr)
            return 130
        if isinstance(exc, SystemExit):
            raise
        log.debug("unexpected failure", exc_info=exc)  # the traceback, for -v only
        print(f"error (1): internal error ({type(exc).__name__}: {redact(str(exc))}). Run again with -v for "
              "details; any submitted job is in the journal (`runcomfy-skills jobs`).", file=sys.stderr)
        return int(ExitCode.FAILED)
