"""``starkit workshop``: rosters in, invite links out; links replaced and withdrawn; members'
own database roles; and ``starkit app`` serving a workshop only to invited people."""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from starkit import cli
from starkit.history import History
from starkit.history.members import redeem
from tests.pg import pg_url, reset_pg


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def links(out: str) -> dict[str, str]:
    """name -> token, from the printed lines (kind, name, link)."""
    found = {}
    for line in out.splitlines():
        _kind, name, link = line.split("\t")
        assert link.startswith("http://127.0.0.1:8866/?token=")
        found[name] = link.split("token=")[1]
    return found


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "h.sqlite"
    monkeypatch.setenv("STARKIT_HISTORY", str(path))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "people.csv").write_text("email,Name\na@x,Alice Doe\nb@x,Bob\n\n,\n")
    return path


def test_create_prints_one_working_link_per_person(
        store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "workshop", "create", "spring", "--roster", "people.csv",
                         "--coach", "Carol")
    assert code == 0
    tokens = links(out)
    assert list(tokens) == ["Carol", "Alice Doe", "Bob"]
    assert out.splitlines()[0].startswith("coach\tCarol\t")
    assert "send it only to them" in err
    with History.open(store) as s:
        assert redeem(s, tokens["Alice Doe"]).person == "Alice Doe"  # type: ignore[union-attr]
        assert redeem(s, tokens["Carol"]).is_coach  # type: ignore[union-attr]
        raw = s.connection.execute("SELECT group_concat(token_hash) FROM members").fetchone()
    assert not any(t in raw[0] for t in tokens.values())
    # a second create of the same workshop is refused and changes nothing
    code, out, err = run(capsys, "workshop", "create", "spring", "--roster", "people.csv")
    assert code == 1
    assert "exists already" in err
    with History.open(store) as s:
        assert redeem(s, tokens["Bob"]) is not None


def test_invite_replaces_a_link_and_out_writes_a_private_file(
        store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "workshop", "create", "spring", "--roster", "people.csv")
    old = links(out)["Alice Doe"]
    code, out, _ = run(capsys, "workshop", "invite", "spring", "alice doe", "Eve",
                       "--out", "links.tsv")
    assert code == 0
    assert "wrote 2 invite links to links.tsv" in out
    mode = stat.S_IMODE(Path("links.tsv").stat().st_mode)
    assert mode == 0o600
    rows = Path("links.tsv").read_text().splitlines()
    assert rows[0] == "kind\tname\tlink"
    new = links("\n".join(rows[1:]))
    assert list(new) == ["Alice Doe", "Eve"]
    with History.open(store) as s:
        assert redeem(s, old) is None
        assert redeem(s, new["Alice Doe"]) is not None
    _, out, _ = run(capsys, "workshop", "members", "spring")
    assert out.splitlines() == ["coach\tcoach", "participant\tAlice Doe", "participant\tBob",
                                "participant\tEve"]


def test_close_withdraws_every_link(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "workshop", "create", "spring", "--roster", "people.csv")
    code, out2, _ = run(capsys, "workshop", "close", "spring")
    assert code == 0
    assert "3 links withdrawn, 0 database roles dropped" in out2
    with History.open(store) as s:
        assert all(redeem(s, t) is None for t in links(out).values())


@pytest.mark.parametrize(("roster", "message"), [
    ("name\nAlice\nalice\n", "people.csv:3: name: 'alice' is the same person as line 2"),
    ("Alice\n<b>x</b>\n", "people.csv:2: column 1: name '<b>x</b>': use letters"),
    ("name\n\n", "people.csv: no names"),
    ("name,team\n,blue\n", "people.csv:2: name: name '': use letters"),
])
def test_a_bad_roster_names_the_line_and_creates_nothing(
        store: Path, capsys: pytest.CaptureFixture[str], roster: str, message: str) -> None:
    Path("people.csv").write_text(roster)
    code, out, err = run(capsys, "workshop", "create", "spring", "--roster", "people.csv")
    assert code == 1
    assert err.startswith(f"starkit: {message}")
    assert out == ""
    assert not store.exists()


def test_the_app_serves_a_workshop_only_to_invited_people(
        store: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[list[str], dict[str, str]]] = []
    monkeypatch.setattr(cli, "run_forwarding_signals",
                        lambda cmd, env: calls.append((cmd, env)) or 0)
    History.open(store).close()
    code, _, err = run(capsys, "app", "--workshop", "spring")
    assert code == 1
    assert "has no participants" in err
    assert "starkit workshop create spring --roster people.csv" in err
    run(capsys, "workshop", "create", "spring", "--roster", "people.csv")
    code, out, err = run(capsys, "app", "--workshop", "spring", "--max-kernels", "7")
    assert code == 0
    assert err == ""
    cmd, env = calls[-1]
    assert env["STARKIT_WORKSHOP"] == "spring"
    assert "--Voila.ip=127.0.0.1" in cmd
    assert "--StarkitVoila.max_kernels=7" in cmd
    assert cmd[1:3] == ["-m", "starkit.serve"]
    assert "--Voila.port_retries=0" in cmd  # a port in use fails, the links stay right
    assert "at most 7 pages at once" in out


def test_serving_beyond_this_machine_warns(store: Path, capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[Any] = []
    monkeypatch.setattr(cli, "run_forwarding_signals", lambda cmd, env: calls.append(cmd) or 0)
    code, out, err = run(capsys, "app", "--ip", "0.0.0.0", "--port", "9000")
    assert code == 0
    assert "--Voila.ip=0.0.0.0" in calls[0]
    assert err.startswith("starkit: WARNING: serving on 0.0.0.0")
    assert "TLS" in err
    assert "every visitor practises as the same person" in err
    assert "on http://THIS-MACHINE:9000/" in out
    run(capsys, "app", "--ip", "127.0.0.1")
    assert capsys.readouterr().err == ""


def test_default_kernel_cap_follows_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    cap = cli.default_max_kernels()
    total_kib = int(next(x for x in Path("/proc/meminfo").read_text().splitlines()
                         if x.startswith("MemTotal:")).split()[1])
    assert cap == max(4, int(total_kib * 0.8 / 1024 / cli.KERNEL_MIB))


def test_grant_writes_a_private_pgpass_that_logs_in(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    url = pg_url()
    if url is None:
        pytest.skip("no PostgreSQL server: set STARKIT_TEST_PG_URL (scripts/test.sh starts one)")
    reset_pg(url)
    monkeypatch.setenv("STARKIT_HISTORY", url)
    monkeypatch.delenv("PGPASSWORD", raising=False)
    History.open(url).close()
    pgpass = tmp_path / "pgpass"
    code, out, err = run(capsys, "workshop", "grant", "spring", "Alice Doe", "--pgpass",
                         str(pgpass))
    assert code == 0
    assert stat.S_IMODE(pgpass.stat().st_mode) == 0o600
    line = pgpass.read_text().strip()
    password = line.rsplit(":", 1)[1]
    assert len(password) == 32
    assert password not in out + err
    role = line.split(":")[3]
    assert role.startswith("sk_spring_alice_doe_")
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    member_url = out.split("the store as ")[1].strip()
    engine = sa.create_engine(member_url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.connect() as c:
        assert c.execute(sa.text("SELECT current_user")).scalar() == role
    engine.dispose()
    code, out, _ = run(capsys, "workshop", "close", "spring")
    assert "1 database roles dropped" in out


def test_mistyped_workshops_and_mixed_up_roles_are_refused(
        store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "workshop", "create", "spring", "--roster", "people.csv", "--coach", "Carol")
    for args in (["invite", "sprng", "Alice Doe"], ["close", "sprng"], ["members", "sprng"]):
        code, out, err = run(capsys, "workshop", *args)
        assert code == 1
        assert err.startswith("starkit: no workshop 'sprng' in ")
        assert "(there is 'spring')" in err
        assert out == ""
    code, _, err = run(capsys, "workshop", "invite", "spring", "carol")
    assert code == 1
    assert "'Carol' is coach in 'spring'; add --coach to replace the coach's link" in err
    code, _, err = run(capsys, "workshop", "invite", "spring", "alice doe", "--coach")
    assert code == 1
    assert "'Alice Doe' is participant in 'spring'; a participant cannot also coach" in err
    code, out, _ = run(capsys, "workshop", "invite", "spring", "Carol", "--coach")
    assert code == 0
    assert out.startswith("coach\tCarol\t")
    _, out, _ = run(capsys, "workshop", "members", "spring")
    assert out.splitlines() == ["coach\tCarol", "participant\tAlice Doe", "participant\tBob"]
    Path("roster2.csv").write_text("name\nZed\nCarol\n")
    code, _, err = run(capsys, "workshop", "create", "autumn", "--roster", "roster2.csv",
                       "--coach", "carol")
    assert code == 1
    assert "is the coach (--coach) and on the roster" in err


def test_links_are_never_written_over(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    Path("links.tsv").write_text("kind\tname\tlink\nparticipant\tX\thttp://...\n")
    code, _out, err = run(capsys, "workshop", "create", "spring", "--roster", "people.csv",
                         "--out", "links.tsv")
    assert code == 1
    assert "links.tsv exists already" in err
    assert "participant\tX" in Path("links.tsv").read_text()
    assert not store.exists()  # refused before anything was made


@pytest.mark.parametrize(("roster", "names"), [
    ("name;email\nAlice Doe;a@x\nBob;b@x\n", ["Alice Doe", "Bob"]),
    ("First name,Last name,Email\nAlice,Doe,a@x\nBob,Brown,b@x\n", ["Alice Doe", "Bob Brown"]),
    ("Participant\tTeam\nAlice Doe\tblue\n", ["Alice Doe"]),
    ('Full Name,Email\n"Smith, Bob",b@x\nO\u2019Brien,o@x\nAnna Schmidt (PM),a@x\n',
     ["Smith, Bob", "O\u2019Brien", "Anna Schmidt (PM)"]),
    ("Alice Doe\nBob\n", ["Alice Doe", "Bob"]),
])
def test_rosters_as_coaches_write_them(tmp_path: Path, roster: str, names: list[str]) -> None:
    from starkit.history.members import read_roster

    path = tmp_path / "r.csv"
    path.write_text(roster, encoding="utf-8")
    assert read_roster(path) == names


def test_a_header_without_a_name_column_is_refused(tmp_path: Path) -> None:
    from starkit import DataFileError
    from starkit.history.members import read_roster

    path = tmp_path / "r.csv"
    path.write_text("email,team\na@x,blue\n")
    with pytest.raises(DataFileError, match="the header has no name column") as e:
        read_roster(path)
    assert e.value.line == 1


@pytest.mark.parametrize(("args", "message"), [
    (["workshop", "create", "Team Nov 26!", "--roster", "people.csv"],
     "argument name: workshop name 'Team Nov 26!': use letters"),
    (["app", "--workshop", "<b>"], "argument --workshop: workshop name '<b>'"),
])
def test_bad_workshop_names_are_usage_errors(
        store: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str) -> None:
    with pytest.raises(SystemExit) as e:
        cli.main(args)
    assert e.value.code == 2
    assert message in capsys.readouterr().err


def test_an_address_that_is_not_this_machines_is_a_one_line_error(
        store: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "run_forwarding_signals", lambda cmd, env: 0)
    code, _, err = run(capsys, "app", "--ip", "no such host")
    assert code == 1
    assert err.startswith("starkit: cannot serve on 'no such host': ")
    assert "Traceback" not in err


def test_a_report_keeps_to_one_workshop_and_knows_a_name_however_typed(
        store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import dataclasses

    from starkit.history.sample import sample_attempts

    base = sample_attempts(seed=3, candidates=1, days=6)
    with History.open(store) as s:
        for i, a in enumerate(base[:4]):
            s.save(dataclasses.replace(a, id=f"x{i}", candidate="Alice Doe"),
                   workshop="spring" if i < 3 else "autumn")
    code, out, _ = run(capsys, "report", "alice doe", "--workshop", "spring", "--out", "-")
    assert code == 0
    assert "Alice Doe" in out
    assert "3 attempts" in out
    code, out, _ = run(capsys, "report", "ALICE DOE", "--out", "-")
    assert "4 attempts" in out
    code, _, err = run(capsys, "report", "Alice Doe", "--workshop", "winter", "--out", "-")
    assert code == 1
    assert "unknown candidate 'Alice Doe'" in err
