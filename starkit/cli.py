"""The ``starkit`` command: validate, list and show the scenario library."""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import textwrap
from collections.abc import Callable, Sequence
from pathlib import Path

from starkit._exceptions import (
    DataFileError,
    StarkitError,
    StoreNotFoundError,
    UnknownNameError,
)
from starkit._files import write_private
from starkit._version import __version__
from starkit.content.loader import (
    check_paths,
    data_root,
    load_library,
    load_rubric,
    read_text,
    read_yaml,
)
from starkit.content.models import LEVELS, SECTIONS, Scenario
from starkit.content.schema import write_schemas
from starkit.history import History, roles
from starkit.history.members import (
    Invite,
    Member,
    check_workshop,
    invite,
    members,
    read_roster,
    withdraw,
)
from starkit.history.people import person_key
from starkit.history.roles import pgpass_line
from starkit.scoring import Answer, score, segment

Command = Callable[[argparse.Namespace], int]


def _out(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def _err(text: str) -> None:
    sys.stderr.write(text + "\n")


def _library(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    return load_library(getattr(args, "data", None))


def cmd_validate(args: argparse.Namespace) -> int:
    """``starkit validate``: check data files and print every problem."""
    paths = args.paths or [data_root()]
    count, errors = check_paths(paths)
    for e in errors:
        _out(e.message)
    n = len(errors)
    summary = f"{count} file{'s' if count != 1 else ''} checked, "
    summary += f"{n} problem{'s' if n != 1 else ''}" if n else "no problems"
    (_err if n else _out)(summary)
    return 1 if n else 0


def cmd_list(args: argparse.Namespace) -> int:
    """``starkit list``: the scenarios, grouped by Leadership Principle."""
    lib = _library(args)
    if args.principle:
        names = [lib.principle(args.principle).name]
    else:
        names = [p.name for p in lib.principles]
    covered = 0
    for name in names:
        scenarios = lib.by_principle(name)
        covered += bool(scenarios)
        _out(f"{name} ({len(scenarios)})")
        for s in scenarios:
            _out(f"  {s.id}  [{s.role}]  {s.title}")
    if not args.principle:
        _out(f"\n{len(lib)} scenarios; {covered} of {len(names)} principles covered")
    return 0


def _wrap(text: str, indent: str = "  ") -> str:
    return textwrap.fill(text, width=96, initial_indent=indent, subsequent_indent=indent)


def scenario_text(s: Scenario) -> str:
    """A scenario as readable plain text, in the walkthrough's order."""
    lines = [s.title, "=" * min(len(s.title), 96)]
    lines += [f"Principle: {s.principle}   Told at: {s.role}", ""]
    lines += ["Summary", _wrap(s.summary), "", "Overview", _wrap(s.overview), ""]
    for name in SECTIONS:
        sec = getattr(s.sections, name)
        lines.append(f"{name.upper()}  (target {sec.target_seconds} s)")
        lines.append(_wrap(sec.strong_example))
        lines.append("  Key phrases: " + "; ".join(f'"{p}"' for p in sec.key_phrases))
        lines.append(_wrap("Coaching: " + sec.coaching))
        lines.append(_wrap("Common mistake: " + sec.common_mistake))
        lines.append("")
    lines.append("REFLECTION BY LEVEL")
    lines += [_wrap(f"{lvl}: {s.reflections.for_level(lvl)}") for lvl in LEVELS]
    lines += ["", "FOLLOW-UP PROBES"]
    for i, f in enumerate(s.follow_ups, 1):
        lines.append(_wrap(f"{i}. {f.question}"))
        lines.append(_wrap(f"Probes: {f.probes}", "     "))
        lines.append(_wrap(f"Weak: {f.weak.answer} -- {f.weak.why}", "     "))
        strong = f"Strong: {f.strong.answer} -- key phrase: {f.strong.key_phrase}"
        lines.append(_wrap(strong, "     "))
    w = s.weak_answer
    lines += ["", "WEAK ANSWER"]
    lines += [_wrap(f"{name.capitalize()}: {text or '(left out)'}", "  ")
              for name, text in s.weak_parts().items()]
    lines.append("  Red flags: " + "; ".join(f'"{p}"' for p in w.flagged_phrases))
    lines += [_wrap("Bar raiser: " + w.verdict), "", "QUIZ"]
    for i, q in enumerate(s.quiz, 1):
        lines.append(_wrap(f"{i}. {q.question}"))
        for o in q.options:
            lines.append(_wrap(f"{'*' if o == q.answer else '-'} {o}", "     "))
        lines.append(_wrap(f"Why: {q.explanation}", "     "))
    if s.angles:
        lines += ["", "ANGLES"]
        for a in s.angles:
            lines.append(f"  {a.principle}: {a.lead}")
            lines.append(_wrap(f"Emphasize: {a.emphasize}", "     "))
            lines.append(_wrap(f"Downplay: {a.downplay}", "     "))
    lines += ["", "LEVELS"]
    for lvl in LEVELS:
        v = s.levels.for_level(lvl)
        budget = f"{v.time_budget_seconds} s"
        if v.time_budget_min_seconds:
            budget = f"{v.time_budget_min_seconds}-{v.time_budget_seconds} s"
        lines.append(f"  {lvl} (budget {budget})")
        lines.append(_wrap(f"Focus: {v.focus}", "     "))
        lines.append(_wrap(f"Bar: {v.bar}", "     "))
    return "\n".join(lines)


def cmd_show(args: argparse.Namespace) -> int:
    """``starkit show``: one scenario as plain text or JSON."""
    s = _library(args).get(args.id)
    if args.json:
        _out(json.dumps(s.model_dump(mode="json", exclude_none=True), indent=2, ensure_ascii=False))
    else:
        _out(scenario_text(s))
    return 0


def read_answer_file(path: Path) -> Answer:
    """A YAML answer with the five keys, a Markdown answer with headed parts, or plain text;
    ``-`` reads standard input. Refuses what is not a text file, or is too large, or empty."""
    if str(path) == "-":
        path = Path("<stdin>")
        text = read_text(path, stream=sys.stdin.buffer)
    else:
        text = read_text(path)
    if not text.strip():
        raise DataFileError(path, None, "", "the answer is empty; write at least one part")
    if path.suffix.lower() in (".yaml", ".yml"):
        doc = read_yaml(path, "an answer: a mapping with situation, task, action, result, "
                        "reflection", text=text)
        if not isinstance(doc.data, dict):
            raise DataFileError(path, 1, "", "expected a mapping with situation, task, action, "
                                "result, reflection")
        try:
            return Answer.from_mapping(doc.data)
        except ValueError as e:
            bad = next(k for k in doc.data if k not in SECTIONS)
            raise DataFileError(path, doc.line_of((bad,)), str(bad), str(e)) from None
    return segment(text)


def cmd_score(args: argparse.Namespace) -> int:
    """``starkit score``: score an answer file and print the scorecard."""
    answer = read_answer_file(args.file)
    scenario = load_library(args.data).get(args.scenario) if args.scenario else None
    rubric = load_rubric(args.rubric) if args.rubric else None
    card = score(answer, principle=args.principle, level=args.level, scenario=scenario,
                 rubric=rubric, coverage="hints" if args.own_story else "required")
    if args.json:
        _out(json.dumps(card.to_dict(), indent=2, ensure_ascii=False))
        return 0
    _out(f"Overall {card.overall:.0f}/100  {card.verdict}"
         f"   ({card.level}{', ' + card.principle if card.principle else ''})")
    for name, value in card.dimensions.items():
        bar = "#" * int(value // 5)
        _out(f"  {name:14} {value:5.1f}  {bar}")
    t = card.timing["total"]
    _out(f"  speaking time  about {t.seconds:.0f} s of {t.target_seconds:.0f} s")
    if card.rating is not None:
        _out(f"How it adds up: a bar-raiser rating of {card.rating:.2f} of 5, from")
        _out("  " + ", ".join(f"{label} {points:+.2f}" for label, points in card.contributions))
    _out("")
    for f in card.problems:
        where = f.section if not f.quote else f'{f.section} "{f.quote}"'
        _out(_wrap(f"[{f.severity}] {where}: {f.message}", "  ").lstrip())
    return 0


def app_notebook() -> Path:
    """The Voila app notebook that ships inside the package."""
    return Path(__file__).resolve().parent / "_app" / "app.ipynb"


#: Seconds a page's kernel may sit idle with no page connected before it is shut down.
CULL_IDLE_SECONDS = 600


#: Memory one page's kernel holds once the scorer's pipeline is loaded, for the default cap
#: on kernels (measured: 213 MiB, benchmarks/bench_workshop.py).
KERNEL_MIB = 220


def default_max_kernels() -> int:
    """How many pages' kernels fit in four fifths of this machine's memory (50 when the
    memory cannot be read)."""
    try:
        with Path("/proc/meminfo").open() as f:
            total_kib = next(int(x.split()[1]) for x in f if x.startswith("MemTotal:"))
    except (OSError, StopIteration, ValueError, IndexError):
        return 50
    return max(4, int(total_kib * 0.8 / 1024 / KERNEL_MIB))


def voila_command(notebook: Path, port: int, *, open_browser: bool = False,
                  cull_idle: int = CULL_IDLE_SECONDS, max_kernels: int = 0,
                  ip: str = "127.0.0.1") -> list[str]:
    """The command line that serves ``notebook`` with Voila (``starkit.serve``) on
    ``ip``:``port``.

    A closed page's kernel is shut down at once; a kernel whose page is gone without saying
    so (a crash, a lost network) and which has been idle for ``cull_idle`` seconds is shut
    down too, so page loads do not pile up kernels; a page still open keeps its kernel
    however long the participant thinks. With ``max_kernels``, a page beyond that many is
    told the room is full.
    """
    cmd = [sys.executable, "-m", "starkit.serve", str(notebook), f"--port={port}",
           "--Voila.port_retries=0",  # a port in use is an error, not another port
           f"--Voila.ip={ip}", f"--StarkitVoila.max_kernels={max_kernels}",
           f"--MappingKernelManager.cull_idle_timeout={cull_idle}",
           f"--MappingKernelManager.cull_interval={max(1, min(60, cull_idle // 2))}",
           "--MappingKernelManager.cull_connected=False",
           # Kernels talk over local socket files (in a private runtime folder), not TCP
           # ports: no other local user can reach them, and no port picked for a kernel
           # can be taken by another process before the kernel binds it (seen in CI: the
           # kernel died with "Address already in use" and the page never loaded).
           "--KernelManager.transport=ipc"]
    if not open_browser:
        cmd.append("--no-browser")
    return cmd


def _is_loopback(ip: str) -> bool:
    return ip in ("127.0.0.1", "::1", "localhost") or ip.startswith("127.")


def cmd_app(args: argparse.Namespace) -> int:
    """``starkit app``: serve the practice app with Voila."""
    env = dict(os.environ)
    if args.candidate:
        env["STARKIT_CANDIDATE"] = args.candidate
    if args.workshop:
        env["STARKIT_WORKSHOP"] = args.workshop
        # Identity comes from invite links: without any, nobody could get in.
        with History.open(args.store, create=False) as store:
            if not any(not m.is_coach for m in members(store, args.workshop)):
                raise StarkitError(
                    f"workshop {args.workshop!r} has no participants in {store.where}: "
                    f"run 'starkit workshop create {args.workshop} --roster people.csv' "
                    "first (it prints each person's invite link)")
    if args.store:
        # Fail here, clearly, not in every participant's page; and create nothing: a new
        # store is made by the first save, in a folder (or database) that exists already.
        try:
            History.open(args.store, create=False).close()
        except StoreNotFoundError as e:
            folder = Path(args.store).expanduser().parent
            if "://" not in args.store and not folder.is_dir():
                raise StoreNotFoundError(args.store, e.nearest, hint=(
                    f"the folder {folder} does not exist; create it first or check the path"
                )) from None
            _err(f"starkit: {args.store} holds no store yet; the first save creates it"
                 + (f" (the nearest existing store is {e.nearest})" if e.nearest else ""))
        env["STARKIT_HISTORY"] = args.store
    try:
        socket.getaddrinfo(args.ip, args.port)
    except (OSError, UnicodeError) as e:
        raise StarkitError(f"cannot serve on {args.ip!r}: {e}; give an address of this "
                           "machine, or 0.0.0.0 for all of them") from None
    if not _is_loopback(args.ip):
        _err(f"starkit: WARNING: serving on {args.ip}, so anyone who can reach this machine "
             "can open the app. Traffic, invite tokens included, is not encrypted: put a "
             "TLS proxy in front or use a private network (see docs/workshop.md)."
             + ("" if args.workshop else " Without --workshop every visitor practises as "
                "the same person and sees the same history."))
    cmd = voila_command(app_notebook(), args.port, open_browser=args.browser,
                        cull_idle=args.cull_idle, max_kernels=args.max_kernels, ip=args.ip)
    what = f"workshop {args.workshop!r}" if args.workshop else "starkit app"
    host = f"[{args.ip}]" if ":" in args.ip else args.ip
    if args.ip in ("0.0.0.0", "::"):
        host = "THIS-MACHINE"  # every address: participants use the machine's name or address
    _out(f"{what} on http://{host}:{args.port}/  (at most {args.max_kernels} pages at once; "
         "Ctrl-C to stop)")
    return run_forwarding_signals(cmd, env)


def _link(base: str, token: str) -> str:
    return f"{base.rstrip('/')}/?token={token}"


def _check_out(args: argparse.Namespace) -> None:
    """Refuse an ``--out`` file that exists: the links in it are shown nowhere else."""
    if args.out and Path(args.out).exists():
        raise StarkitError(f"{args.out} exists already and may hold links shown nowhere else; "
                           "choose another file, or move that one away first")


def _print_invites(args: argparse.Namespace, invites: list[Invite]) -> None:
    lines = [f"{i.member.kind}\t{i.member.person}\t{_link(args.url, i.token)}" for i in invites]
    if args.out:
        write_private(args.out, "kind\tname\tlink\n" + "\n".join(lines) + "\n")
        _out(f"wrote {len(lines)} invite links to {args.out} (readable by you only); "
             "send each person their own line")
    else:
        for line in lines:
            _out(line)
    _err("Each link is shown once and is that person's key: send it only to them. "
         f"'starkit workshop invite {shlex.quote(args.name)} \"NAME\"' replaces a lost one "
         "(add --coach for the coach's).")


def _existing_workshop(store: History, name: str) -> list[Member]:
    """The members of workshop ``name``; a StarkitError when it has none (a typo, most
    likely), naming the workshops there are."""
    found = members(store, name)
    if not found:
        there = sorted({m.workshop for m in members(store)})
        raise StarkitError(
            f"no workshop {name!r} in {store.where}"
            + (f" (there is {', '.join(map(repr, there))})" if there else "")
            + f"; 'starkit workshop create {shlex.quote(name)} --roster FILE' makes one")
    return found


def cmd_workshop_create(args: argparse.Namespace) -> int:
    """``starkit workshop create``: a workshop's participants and coach, with invite links."""
    _check_out(args)
    names = read_roster(args.roster)
    if any(person_key(n) == person_key(args.coach) for n in names):
        raise StarkitError(f"{args.coach!r} is the coach (--coach) and on the roster; a person "
                           "is one or the other: take them off the roster or name another coach")
    with History.open(args.store, create=True) as store:
        if members(store, args.name):
            raise StarkitError(f"workshop {args.name!r} exists already in {store.where}; "
                               f"'starkit workshop invite {args.name} NAME' adds someone or "
                               "replaces their link")
        invites = invite(store, args.name, [args.coach], kind="coach")
        invites += invite(store, args.name, names)
    _print_invites(args, invites)
    return 0


def cmd_workshop_invite(args: argparse.Namespace) -> int:
    """``starkit workshop invite``: add people, or give them a new link (the old one stops)."""
    _check_out(args)
    kind = "coach" if args.coach else "participant"
    with History.open(args.store, create=False) as store:
        known = _existing_workshop(store, args.name)
        for name in args.people:
            other = next((m for m in known if m.kind != kind
                          and person_key(m.person) == person_key(name)), None)
            if other is not None:
                hint = ("; add --coach to replace the coach's link" if other.is_coach
                        else "; a participant cannot also coach")
                raise StarkitError(f"{other.person!r} is {other.kind} in {args.name!r}{hint}")
        invites = invite(store, args.name, args.people, kind=kind)
    _print_invites(args, invites)
    return 0


def cmd_workshop_members(args: argparse.Namespace) -> int:
    """``starkit workshop members``: who is in a workshop (never their links)."""
    with History.open(args.store, create=False) as store:
        found = _existing_workshop(store, args.name)
    for m in found:
        _out(f"{m.kind}\t{m.person}" + (f"\t{m.db_role}" if m.db_role else ""))
    return 0


def cmd_workshop_close(args: argparse.Namespace) -> int:
    """``starkit workshop close``: every link stops working and members' roles are dropped."""
    with History.open(args.store, create=False) as store:
        _existing_workshop(store, args.name)
        links = withdraw(store, args.name)
        dropped = roles.revoke(store, args.name) if store.dialect == "postgresql" else []
    _out(f"workshop {args.name!r} closed: {links} links withdrawn, {len(dropped)} database "
         "roles dropped; the attempts stay in the store")
    return 0


def cmd_workshop_grant(args: argparse.Namespace) -> int:
    """``starkit workshop grant``: a member's own database role, its login in a pgpass file."""
    with History.open(args.store, create=False) as store:
        login = roles.grant(store, args.name, args.person,
                            kind="coach" if args.coach else "participant")
    write_private(args.pgpass, pgpass_line(login) + "\n")
    _out(f"{login.member.kind} {login.member.person}: role {login.role}; password written to "
         f"{args.pgpass} (mode 0600). Give them that file as ~/.pgpass (or PGPASSFILE) and "
         f"the store as {login.url}")
    return 0


def run_forwarding_signals(cmd: list[str], env: dict[str, str]) -> int:
    """Run ``cmd`` until it exits, passing on SIGTERM, SIGINT and SIGHUP, so stopping
    ``starkit app`` stops the Voila server it started (and its kernels)."""
    proc = subprocess.Popen(cmd, env=env)
    forwarded = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)

    def forward(signum: int, _frame: object) -> None:
        proc.send_signal(signum)

    before = {sig: signal.signal(sig, forward) for sig in forwarded}
    try:
        return proc.wait()
    finally:
        for sig, handler in before.items():
            signal.signal(sig, handler)


class ProgressBar:
    """A text progress bar on stderr for long imports and exports."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        if total <= 0:
            sys.stderr.write(f"\r{self.label}: {done:,}")
        else:
            width = 30
            filled = int(width * done / total)
            sys.stderr.write(f"\r{self.label} [{'#' * filled}{'.' * (width - filled)}] "
                             f"{done:,}/{total:,}")
        sys.stderr.flush()
        self.shown = True

    def close(self) -> None:
        """End the bar's line, if it was drawn at all."""
        if self.shown:
            sys.stderr.write("\n")


def _store(args: argparse.Namespace, *, create: bool) -> History:
    """The store ``--store`` names (else the default); ``create`` False for commands that
    only read, so a mistyped path fails instead of creating an empty store."""
    return History.open(args.store, create=create)


def cmd_report(args: argparse.Namespace) -> int:
    """``starkit report``: a candidate's progress report."""
    # Deliberately lazy: the report pulls in pandas and matplotlib, which no other command needs.
    from starkit.insights.report import build_report, report_filename, write_report

    with _store(args, create=False) as store:
        if str(args.out) == "-":
            _out(build_report(store, args.candidate, fmt=args.format or "html",
                              workshop=args.workshop))
            return 0
        out = args.out or Path(report_filename(args.candidate, args.format or "html"))
        written = write_report(store, args.candidate, out, fmt=args.format,
                               workshop=args.workshop)
    _out(f"wrote {written[0]}" + (f" and {len(written) - 1} chart files beside it"
                                  if len(written) > 1 else ""))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """``starkit export``: write attempts to a .csv or .json file."""
    bar = ProgressBar("exporting")
    try:
        with _store(args, create=False) as store:
            n = store.export(args.path, candidate=args.candidate, progress=bar)
    except BaseException:
        if bar.shown:  # clear the bar: the error is the one line left on stderr
            sys.stderr.write("\r\033[K")
        raise
    bar.close()
    _out(f"exported {n} attempts to {args.path}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    """``starkit import``: read attempts from a .csv or .json file."""
    bar = ProgressBar("importing")
    try:
        with _store(args, create=True) as store:
            n = store.import_(args.path, progress=bar)
    except BaseException:
        if bar.shown:  # clear the bar: the error is the one line left on stderr
            sys.stderr.write("\r\033[K")
        raise
    bar.close()
    _out(f"imported {n} new attempts from {args.path}")
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    """``starkit schema``: write the JSON Schemas of the data files."""
    for path in write_schemas(args.out or data_root() / "schema"):
        _out(f"wrote {path}")
    return 0


def _store_target(value: str) -> str:
    """A ``--store`` value, refused when it carries a password: every user on the machine can
    read a command line in the process list."""
    if "://" in value and (re.search(r"://[^/@?]*:[^@/?]*@", value)
                           or re.search(r"[?&]password=", value)):
        raise argparse.ArgumentTypeError(
            "the URL holds a password, which every user on this machine can read in the "
            "process list; put it in PGPASSWORD, a pgpass file (~/.pgpass, mode 0600) or a "
            "service file, or give the URL in STARKIT_HISTORY")
    return value


def _workshop(value: str) -> str:
    """A workshop name, checked where it is typed."""
    try:
        return check_workshop(value)
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


def _level(value: str) -> str:
    """A level in any case ("senior", "sde1") as its official spelling."""
    for level in LEVELS:
        if value.strip().lower() == level.lower():
            return level
    raise argparse.ArgumentTypeError(f"unknown level {value!r}; expected one of "
                                     f"{', '.join(LEVELS)}")


def build_parser() -> argparse.ArgumentParser:
    """The ``starkit`` argument parser with all its subcommands."""
    parser = argparse.ArgumentParser(
        prog="starkit", description="Rehearse STAR answers against Amazon's Leadership Principles."
    )

    parser.add_argument("--version", action="version", version=f"starkit {__version__}")
    parser.add_argument("--debug", action="store_true",
                        help="show the full traceback when something fails")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("validate", help="check data files; list every problem (exit 1 if any)")
    p.add_argument("paths", nargs="*", type=Path, help="files or folders (default: shipped data)")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("list", help="list the scenarios by Leadership Principle")
    p.add_argument("--principle", help="only this principle (name or slug)")
    p.add_argument("--data", type=Path, help="a data folder other than the shipped one")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("show", help="show one scenario")
    p.add_argument("id", help="scenario id (see 'starkit list')")
    p.add_argument("--json", action="store_true", help="dump the scenario as JSON")
    p.add_argument("--data", type=Path, help="a data folder other than the shipped one")
    p.set_defaults(func=cmd_show)
    p = sub.add_parser("score", help="score an answer file (YAML, Markdown or plain text)")
    p.add_argument("file", type=Path, help="answer: YAML with the five keys, Markdown, or text")
    p.add_argument("--principle", help="Leadership Principle (name or slug)")
    p.add_argument("--level", default="SDE2", type=_level, metavar="{SDE1,SDE2,Senior}",
                   help="the level to judge at (any case)")
    p.add_argument("--scenario", help="scenario id whose key phrases and timings to use")
    p.add_argument("--own-story", action="store_true",
                   help="the answer is your own story told beside --scenario: its key phrases "
                        "are ideas, not required coverage")
    p.add_argument("--rubric", type=Path, help="a tuned rubric.yaml")
    p.add_argument("--data", type=Path, help="a data folder other than the shipped one")
    p.add_argument("--json", action="store_true", help="the scorecard as JSON")
    p.set_defaults(func=cmd_score)

    p = sub.add_parser("app", help="serve the practice app with Voila on 127.0.0.1")
    p.add_argument("--port", type=int, default=8866, help="port (default 8866)")
    p.add_argument("--candidate", help="the name attempts are saved under")
    p.add_argument("--browser", action="store_true", help="open a browser tab")
    p.add_argument("--cull-idle", type=int, default=CULL_IDLE_SECONDS, metavar="SECONDS",
                   help="shut down a closed page's kernel after this many idle seconds "
                   f"(default {CULL_IDLE_SECONDS})")
    p.add_argument("--workshop", type=_workshop,
                   help="workshop name: each participant opens their own invite "
                   "link ('starkit workshop create'); attempts are tagged with the workshop")
    p.add_argument("--store", type=_store_target,
                   help="history store for everyone: a file or postgresql:// URL, without a "
                   "password (default: STARKIT_HISTORY or the user data folder)")
    p.add_argument("--ip", default="127.0.0.1",
                   help="address to serve on (default 127.0.0.1, this machine only); anything "
                   "else prints a warning: see docs/workshop.md on TLS")
    p.add_argument("--max-kernels", type=int, default=default_max_kernels(), metavar="N",
                   help="pages open at once before newcomers are told the room is full "
                   "(default: what four fifths of this machine's memory holds)")
    p.set_defaults(func=cmd_app)

    w = sub.add_parser(
        "workshop", help="a workshop's members and their invite links",
        description="Run a workshop with the stand-alone app: 'create' adds the coach and the "
        "roster's people and prints each one's invite link; 'invite' adds someone or replaces "
        "a lost link (the old one stops working); 'members' lists who is in; 'grant' gives a "
        "member their own PostgreSQL role; 'close' withdraws every link. Under JupyterHub use "
        "starkit.hub instead (docs/workshop.md).")
    wsub = w.add_subparsers(dest="action", required=True, metavar="ACTION")

    def store_opt(p: argparse.ArgumentParser) -> None:
        p.add_argument("--store", type=_store_target, help="the workshop's store (default: "
                       "STARKIT_HISTORY or the user data folder)")

    def link_opts(p: argparse.ArgumentParser) -> None:
        p.add_argument("--url", default="http://127.0.0.1:8866/",
                       help="the app's address, for the links (default http://127.0.0.1:8866/)")
        p.add_argument("--out", type=Path, help="write the links to this file (mode 0600) "
                       "instead of printing them")

    p = wsub.add_parser("create", help="add a workshop's people; print each one's invite link")
    p.add_argument("name", type=_workshop, help="the workshop's name")
    p.add_argument("--roster", type=Path, required=True,
                   help="CSV with a 'name' column, or one name per line")
    p.add_argument("--coach", default="coach", help="the coach's name (default 'coach')")
    link_opts(p)
    store_opt(p)
    p.set_defaults(func=cmd_workshop_create)
    p = wsub.add_parser("invite", help="add people, or replace their links (old ones stop)",
                        description="Add people to an existing workshop, or give members a new "
                        "link; the old link stops working at once, also in a page already "
                        "open. The coach's link needs --coach. Links use --url (not "
                        "remembered from 'create').")
    p.add_argument("name", type=_workshop, help="the workshop's name")
    p.add_argument("people", nargs="+", help="names")
    p.add_argument("--coach", action="store_true", help="they coach (see every attempt)")
    link_opts(p)
    store_opt(p)
    p.set_defaults(func=cmd_workshop_invite)
    p = wsub.add_parser("members", help="list a workshop's members (not their links)")
    p.add_argument("name", type=_workshop, help="the workshop's name")
    store_opt(p)
    p.set_defaults(func=cmd_workshop_members)
    p = wsub.add_parser("grant", help="give a member their own PostgreSQL role (row-level "
                        "security); its password goes to a pgpass file")
    p.add_argument("name", type=_workshop, help="the workshop's name")
    p.add_argument("person", help="the member's name")
    p.add_argument("--coach", action="store_true", help="a coach's role (reads the workshop)")
    p.add_argument("--pgpass", type=Path, required=True,
                   help="the pgpass file to write (mode 0600)")
    store_opt(p)
    p.set_defaults(func=cmd_workshop_grant)
    p = wsub.add_parser("close", help="withdraw every link and drop the members' roles",
                        description="End a workshop: every invite link stops working (pages "
                        "still open can no longer save) and the members' database roles are "
                        "dropped; the attempts stay. 'invite' can give someone a new link "
                        "later.")
    p.add_argument("name", type=_workshop, help="the workshop's name")
    store_opt(p)
    p.set_defaults(func=cmd_workshop_close)

    store_help = ("history store: a file or postgresql:// URL, without a password (default: "
                  "STARKIT_HISTORY or the user data folder)")
    p = sub.add_parser("report", help="a candidate's progress report (HTML or Markdown)")
    p.add_argument("candidate", help="the candidate's name")
    p.add_argument("--out", type=Path, help="write to this file ('-' prints it; default: a "
                   "file named after the candidate in the current folder)")
    p.add_argument("--format", choices=["html", "md"], default=None,
                   help="html (default, charts inside) or md (charts as PNG files beside it)")
    p.add_argument("--workshop", type=_workshop,
                   help="only this workshop's attempts (the same name may be in several)")
    p.add_argument("--store", type=_store_target, help=store_help)
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("export", help="export attempts to .csv or .json")
    p.add_argument("path", type=Path)
    p.add_argument("--candidate", help="only this candidate")
    p.add_argument("--store", type=_store_target, help=store_help)
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("import", help="import attempts from .csv or .json (no duplicates)")
    p.add_argument("path", type=Path)
    p.add_argument("--store", type=_store_target, help=store_help)
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("schema", help="write the JSON Schemas of the data files")
    p.add_argument("--out", type=Path, help="folder (default: the data folder's schema/)")
    p.set_defaults(func=cmd_schema)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``starkit`` and return the exit code: 1, after one line on stderr, on a StarkitError."""
    args = build_parser().parse_args(argv)
    func: Command = args.func
    try:
        return func(args)
    except BrokenPipeError:  # pragma: no cover - `starkit show x | head`
        return 0
    except Exception as e:
        if args.debug:
            raise
        _err(f"starkit: {_one_line(e)}")
        return 1


def _one_line(e: Exception) -> str:
    """What went wrong, in one line a person can act on (the traceback is ``--debug``'s)."""
    if isinstance(e, UnknownNameError) and e.kind == "scenario":
        return f"{e}; 'starkit list' shows every scenario id"
    if isinstance(e, StarkitError):
        return str(e)
    if isinstance(e, OSError):
        where = f"{e.filename}: " if e.filename else ""
        return f"{where}{e.strerror or e}"
    return (f"unexpected {type(e).__name__}: {e} (run again with --debug for the traceback, "
            "and please report it)")


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
