"""Notifications, end to end: the installed command sends to real receivers on 127.0.0.1 (an
HTTP endpoint taking Apprise's json:// posts, an SMTP server taking mailto://), and what arrives,
what is printed and what is stored are read back."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

from parsers import TIERS
from tests.cli_runner import run_cli
from tests.conftest import FIXTURES
from tests.page_edits import cut_board
from tests.receivers import TOKENS, HookServer, MailServer, free_port, hook_url

pytestmark = pytest.mark.slow

DEMO = FIXTURES / "demo"
SMALL_0718 = DEMO / "small-board-2026-07-18T01-01-14Z.html"
SMALL_0731 = DEMO / "small-board-2026-07-31T01-13-53Z.html"
TINY_0718 = DEMO / "tiny-board-2026-07-18T01-01-14Z.html"
TINY_0731 = DEMO / "tiny-board-2026-07-31T01-13-53Z.html"


def env(**extra: str) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if k != "AA_LEADERBOARDS_NOTIFY"}
    return {**base, "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1", **extra}


def cli(*args: str, environment: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, env=environment or env())


@pytest.fixture
def hook() -> Iterator[HookServer]:
    server = HookServer().start()
    yield server
    server.stop()


def message(post: dict[str, Any]) -> str:
    return f"{post['json']['title']}\n{post['json']['message']}"


def test_a_run_that_removes_a_model_and_changes_a_price_sends_one_message_naming_both(tmp_path: Path, hook: HookServer) -> None:
    db = str(tmp_path / "lb.duckdb")
    first = cli("ingest", str(SMALL_0718), "--db", db, "--notify", hook_url(hook.port))
    assert first.returncode == 0, first.stderr
    assert hook.posts == []  # a board's first snapshot changes nothing: nothing to tell

    second = cli("ingest", str(SMALL_0731), "--db", db, "--notify", hook_url(hook.port))
    assert second.returncode == 0, second.stderr
    assert len(hook.posts) == 1
    post = hook.posts[0]
    assert post["path"] == f"/hooks/{TOKENS[2]}" and post["headers"]["X-Token"] == TOKENS[3]
    assert post["json"]["type"] == "info"
    title, text = post["json"]["title"], message(post)
    assert "small board 2026-07-31: 1 left" in title and "6 price changes" in title
    assert "left: Tri-21B-think Preview (was #25)" in text
    assert "price: gpt-oss-20b (high) blended $0.088 -> $0.103 per 1M tokens" in text
    assert "index: Nemotron Cascade 2 30B A3B 21.3 -> 17.6" in text
    assert f"notified json://127.0.0.1:{hook.port}/… #" in second.stdout and ": 9 event(s)" in second.stdout

    again = cli("ingest", str(SMALL_0731), "--db", db, "--notify", hook_url(hook.port))
    assert again.returncode == 0 and len(hook.posts) == 1  # unchanged: nothing sent
    tiny = cli("ingest", str(TINY_0718), str(TINY_0731), "--db", db, "--notify", hook_url(hook.port))
    assert tiny.returncode == 0 and len(hook.posts) == 2
    assert "entered: G9v3-3B at #1" in message(hook.posts[1]) and "Tri-21B" not in message(hook.posts[1])
    assert "new first place: G9v3-3B" in message(hook.posts[1])


def test_a_receiver_that_is_down_gets_the_pending_message_once_when_it_is_back(tmp_path: Path) -> None:
    db = str(tmp_path / "lb.duckdb")
    port = free_port()
    url = hook_url(port)
    assert cli("ingest", str(SMALL_0718), "--db", db, "--notify", url).returncode == 0
    down = cli("ingest", str(SMALL_0731), "--db", db, "--notify", url)
    assert down.returncode == 0, down.stderr  # the load's status, not the receiver's
    warnings = [line for line in down.stderr.splitlines() if "notification" in line]
    assert len(warnings) == 1 and warnings[0].startswith(f"warning: notification to json://127.0.0.1:{port}/")
    assert "not delivered" in warnings[0] and "next run" in warnings[0]
    with duckdb.connect(db, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM leaderboard_latest").fetchone() == (67,)  # loaded all the same

    server = HookServer(port).start()
    try:
        back = cli("ingest", str(SMALL_0731), "--db", db, "--notify", url)  # an unchanged night
        assert back.returncode == 0, back.stderr
        assert len(server.posts) == 1 and "left: Tri-21B-think Preview" in message(server.posts[0])
        assert cli("ingest", str(SMALL_0731), "--db", db, "--notify", url).returncode == 0
        assert cli("refresh", "--url", f"http://127.0.0.1:{free_port()}/none", "--db", db, "--attempts", "1",
                   "--notify", url).returncode == 75  # unreachable: try again later
        assert len(server.posts) == 2  # the failure, and never the delivered message again
        assert "Tri-21B" not in message(server.posts[1]) and "failed" in message(server.posts[1])
    finally:
        server.stop()


def test_a_held_board_is_told_as_a_warning_that_says_held_and_why(tmp_path: Path, hook: HookServer) -> None:
    db = str(tmp_path / "lb.duckdb")
    assert cli("ingest", str(FIXTURES / "small-board-table.html"), "--db", db, "--captured-at", "2026-08-01T03:00:00Z").returncode == 0
    cut = tmp_path / "small-cut.html"
    cut.write_bytes(cut_board(30))
    done = cli("ingest", str(cut), "--db", db, "--captured-at", "2026-08-02T03:00:00Z", "--notify", hook_url(hook.port))
    assert done.returncode == 1  # a held board is the run's failure, as before
    assert len(hook.posts) == 1
    post = hook.posts[0]
    assert post["json"]["type"] == "warning"
    assert "small board 2026-08-02: held" in post["json"]["title"]
    assert "held: small board of snapshot 2 has 30 models" in message(post) and "accept 2" in message(post)


def test_failed_runs_are_told_as_warnings_that_say_failed_and_why(tmp_path: Path, hook: HookServer) -> None:
    db = str(tmp_path / "lb.duckdb")
    dead = f"http://127.0.0.1:{free_port()}/small"
    refreshed = cli("refresh", "--url", dead, "--db", db, "--attempts", "1", "--notify", hook_url(hook.port))
    assert refreshed.returncode == 75  # unreachable: try again later, and still told
    assert len(hook.posts) == 1 and hook.posts[0]["json"]["type"] == "warning"
    assert "run failed: 1 source" in hook.posts[0]["json"]["title"]
    assert f"failed: {dead}" in message(hook.posts[0])

    junk = tmp_path / "not-a-board.html"
    junk.write_text("<html><head><title>Pricing</title></head><body><p>Nothing here</p></body></html>")
    ingested = cli("ingest", str(junk), "--db", db, "--notify", hook_url(hook.port))
    assert ingested.returncode == 1
    assert len(hook.posts) == 2 and hook.posts[1]["json"]["type"] == "warning"
    assert f"failed: {junk}" in message(hook.posts[1]) and dead not in message(hook.posts[1])


def test_no_token_of_a_receivers_url_is_printed_logged_or_stored(tmp_path: Path) -> None:
    db = tmp_path / "lb.duckdb"
    port = free_port()
    url = hook_url(port)
    outputs = [cli("ingest", str(SMALL_0718), "--db", str(db), "--notify", url, "--verbose")]
    outputs.append(cli("ingest", str(SMALL_0731), "--db", str(db), "--notify", url, "--verbose"))  # receiver down
    server = HookServer(port).start()
    try:
        outputs.append(cli("ingest", str(SMALL_0731), "--db", str(db), "--notify", url, "--verbose"))
        outputs.append(cli("notify", "--test", url))
        empty = tmp_path / "empty"
        empty.mkdir()
        outputs.append(cli("ingest", str(empty), "--db", str(db), "--notify", url, "--verbose"))  # no pages: fails
    finally:
        server.stop()
    outputs.append(cli("notify", "--test", url))  # down again
    assert [o.returncode for o in outputs] == [0, 0, 0, 0, 1, 1]
    assert len(server.posts) == 3  # the pending message, the test, the failed run
    for done in outputs:
        for token in TOKENS:
            assert token not in done.stdout and token not in done.stderr, (token, done.args[1], done.stderr)
    for path in tmp_path.rglob("*"):
        if path.is_file() and path.suffix != ".duckdb":
            data = path.read_bytes()
            assert not any(token.encode() in data for token in TOKENS), path
    # The writer keeps one receiver, keyed; the published copy keeps none (issue 27, item 10).
    for path, receivers in ((db, 1), (db.parent / "published" / db.name, 0)):
        with duckdb.connect(str(path), read_only=True) as con:
            tables = [t for (t,) in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()]
            for table in tables:
                text = repr(con.execute(f'SELECT * FROM "{table}"').fetchall())
                assert not any(token in text for token in TOKENS), (path, table)
            assert con.execute("SELECT count(*) FROM notification_targets").fetchone() == (receivers,)


def test_receivers_from_the_environment_and_a_url_apprise_cannot_use(tmp_path: Path, hook: HookServer) -> None:
    db = str(tmp_path / "lb.duckdb")
    both = env(AA_LEADERBOARDS_NOTIFY=f"  {hook_url(hook.port)}\n")
    assert cli("ingest", str(SMALL_0718), "--db", db, environment=both).returncode == 0
    # Given twice (option and environment): one receiver, one message.
    done = cli("ingest", str(SMALL_0731), "--db", db, "--notify", hook_url(hook.port), environment=both)
    assert done.returncode == 0 and len(hook.posts) == 1

    bad = cli("ingest", str(SMALL_0718), "--db", str(tmp_path / "other.duckdb"), "--notify", "nosuchservice://PATHt0ken9f8e7d")
    assert bad.returncode == 2
    assert "is not one Apprise can send to" in bad.stderr and "PATHt0ken9f8e7d" not in bad.stderr
    assert not (tmp_path / "other.duckdb").exists()  # refused before anything ran


def test_notify_test_says_whether_it_was_delivered(hook: HookServer) -> None:
    sent = cli("notify", "--test", hook_url(hook.port))
    assert sent.returncode == 0 and sent.stdout.startswith("delivered: test message to json://127.0.0.1:")
    assert len(hook.posts) == 1 and hook.posts[0]["json"]["title"] == "aa-leaderboards: test message"
    refused = cli("notify", "--test", hook_url(free_port()))
    assert refused.returncode == 1 and "error: not delivered" in refused.stderr
    assert cli("notify").returncode == 2


def test_an_email_reaches_a_real_smtp_server(tmp_path: Path) -> None:
    mail = MailServer().start()
    try:
        url = f"mailto://127.0.0.1:{mail.port}?from=aa-leaderboards@example.com&to=ops@example.com"
        db = str(tmp_path / "lb.duckdb")
        assert cli("ingest", str(SMALL_0718), "--db", db, "--notify", url).returncode == 0
        done = cli("ingest", str(SMALL_0731), "--db", db, "--notify", url)
        assert done.returncode == 0, done.stderr
        assert len(mail.messages) == 1
        email = mail.messages[0]
        assert email["To"] == "ops@example.com"
        assert "small board 2026-07-31: 1 left" in str(email["Subject"])
        body = email.get_body(preferencelist=("plain", "html"))
        assert body is not None and "left: Tri-21B-think Preview" in body.get_content()
    finally:
        mail.stop()


def test_changes_lists_the_events_of_a_period_for_people_and_programs(tmp_path: Path) -> None:
    db = str(tmp_path / "lb.duckdb")
    assert cli("ingest", *(str(p) for p in sorted(DEMO.glob("*.html"))), "--db", db).returncode == 0
    as_json = cli("changes", "--since", "2026-07-01", "--tier", "small", "--format", "json", "--db", db)
    assert as_json.returncode == 0, as_json.stderr
    events = json.loads(as_json.stdout)
    kinds = sorted(e["kind"] for e in events)
    assert kinds == ["index_change"] * 2 + ["left"] + ["price_change"] * 6
    assert {e["tier"] for e in events} == {"small"} and len({e["event_id"] for e in events}) == len(events)
    left = next(e for e in events if e["kind"] == "left")
    assert left["model"] == "Tri-21B-think Preview" and left["captured_at"].startswith("2026-07-31T01:13:53")
    assert json.loads(cli("changes", "--until", "2026-07-30", "--format", "json", "--db", db).stdout) == []
    lines = cli("changes", "--since", "2026-07-31", "--until", "2026-07-31", "--format", "jsonl", "--db", db).stdout.splitlines()
    night = [json.loads(line) for line in lines]
    assert all(e["captured_at"].startswith("2026-07-31") for e in night) and {e["tier"] for e in night} == set(TIERS)
    assert sum(e["tier"] in ("small", "tiny") for e in night) == 12
    table = cli("changes", "--db", db).stdout
    assert "small board 2026-07-31: 1 left" in table and "tiny board 2026-07-31: new first place, 1 entered" in table
    assert cli("changes", "--since", "2026-08-01", "--until", "2026-07-01", "--db", db).returncode == 2
    header = cli("changes", "--format", "csv", "--until", "2020-01-01", "--db", db).stdout.splitlines()
    assert header[0].startswith("event_seq,event_id,captured_at,tier") and len(header) == 1


@pytest.mark.xdist_group("prefect")  # one Prefect harness: see conftest.prefect_harness
def test_a_flow_run_notifies_its_receivers_from_the_environment(prefect_harness: None, tmp_path: Path, hook: HookServer,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.runs.flows import ingest_flow

    monkeypatch.setenv("AA_LEADERBOARDS_NOTIFY", hook_url(hook.port))
    db = str(tmp_path / "lb.duckdb")
    ingest_flow(paths=[str(SMALL_0718)], db=db)
    ingest_flow(paths=[str(SMALL_0731)], db=db)
    assert len(hook.posts) == 1 and "left: Tri-21B-think Preview" in message(hook.posts[0])
    with duckdb.connect(db, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM notification_deliveries").fetchone() == (9,)

    async def parameters() -> list[str]:
        from prefect.client.orchestration import get_client

        async with get_client() as client:
            return [json.dumps(run.parameters) for run in await client.read_flow_runs()]

    import asyncio

    stored = asyncio.run(parameters())
    assert stored and not any(token in text for text in stored for token in TOKENS)  # Prefect never holds the URL
