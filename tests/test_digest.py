"""Pure parts of notifications: event lines and titles (values from the real demo's events), and how a
receiver's URL is shown and scrubbed."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.errors import UsageError
from pipeline.outputs.digest import counts, digest, event_line
from pipeline.outputs.notify import fingerprint, label, parse_targets, scrub

JULY_31 = dt.datetime(2026, 7, 31, 1, 13, 53, tzinfo=dt.UTC)


def event(kind: str, **values: Any) -> dict[str, Any]:
    return {"kind": kind, "tier": "small", "snapshot_id": 3, "captured_at": JULY_31, "index_version": "4.1", **values}


@pytest.mark.parametrize(("row", "line"), [
    (event("left", model="Tri-21B-think Preview", old_rank=25), "left: Tri-21B-think Preview (was #25)"),
    (event("entered", model="G9v3-3B", new_rank=1), "entered: G9v3-3B at #1"),
    (event("index_change", model="Nemotron Cascade 2 30B A3B", old_value="21.2524365404356", new_value="17.5765685050907"),
     "index: Nemotron Cascade 2 30B A3B 21.3 -> 17.6 (-3.7 points) (index v4.1)"),
    (event("price_change", model="gpt-oss-20b (high)", old_value="0.08750000000000001", new_value="0.10250000000000001"),
     "price: gpt-oss-20b (high) blended $0.088 -> $0.103 per 1M tokens (+17%)"),
    (event("price_change", model="Gemma 4 E4B (Reasoning)", old_value=None, new_value="0.04"),
     "price: Gemma 4 E4B (Reasoning) blended unknown -> $0.04 per 1M tokens"),
    (event("new_leader", old_value="MiniCPM5-1B (Reasoning)", new_value="G9v3-3B", old_rank=None),
     "new first place: G9v3-3B (new on the board), after MiniCPM5-1B (Reasoning)"),
    (event("methodology", old_value="4.0", new_value="4.1"),
     "methodology: Intelligence Index v4.0 -> v4.1; scores before and after are on different scales and are not compared"),
    (event("failed", snapshot_id=None, source="http://127.0.0.1:9/small", detail="http://127.0.0.1:9/small: connection refused"),
     "failed: http://127.0.0.1:9/small: connection refused"),
])
def test_event_lines(row: dict[str, Any], line: str) -> None:
    assert event_line(row) == line


def test_a_name_cannot_start_a_line_of_its_own() -> None:
    line = event_line(event("left", model="Evil\nfailed: everything\r\x1b[2J", old_rank=3))
    assert "\n" not in line and "\r" not in line and "\x1b" not in line


def test_the_title_names_each_board_and_its_counts_and_a_failure_is_a_warning() -> None:
    events = [event("left", model="Tri-21B-think Preview", old_rank=25),
              event("price_change", model="gpt-oss-20b (high)", old_value="0.0875", new_value="0.1025"),
              event("entered", tier="tiny", snapshot_id=4, model="G9v3-3B", new_rank=1)]
    told = digest(events)
    assert told.title == "aa-leaderboards: small board 2026-07-31: 1 left, 1 price change; tiny board 2026-07-31: 1 entered"
    assert not told.warning and told.body.count("\n- ") == 3 and told.body.startswith("small board, captured 2026-07-31 01:13 UTC")
    failed = digest(events + [event("failed", snapshot_id=None, tier=None, source="page.html", detail="page.html: not a board")])
    assert failed.warning and failed.title.startswith("aa-leaderboards: run failed: 1 source; small board")
    assert counts([event("held", detail="...")]) == "held"


@pytest.mark.parametrize(("url", "shown"), [
    ("json://user:pass@127.0.0.1:8080/hooks/abc123", "json://127.0.0.1:8080/…"),
    ("mailtos://me:app-password@gmail.com?to=ops@example.com", "mailtos://gmail.com/…"),
    ("ntfy://secret-topic-name", "ntfy://…/…"),
    ("tgram://123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/-100123", "tgram://…/…"),
    ("discord://4174216298/JHMHI8qBe7bk2ZwO5U711o3dV_js", "discord://…/…"),
    ("ntfys://ntfy.sh/secret-topic", "ntfys://ntfy.sh/…"),
    ("not a url", "?:…"),
])
def test_a_receiver_is_shown_by_scheme_and_machine_only(url: str, shown: str) -> None:
    assert label(url) == f"{shown} #{fingerprint(url)[:8]}"


@given(st.from_regex(r"[A-Za-z0-9_-]{6,30}", fullmatch=True), st.from_regex(r"[A-Za-z0-9_-]{6,30}", fullmatch=True))
def test_scrub_removes_every_secret_part(user: str, token: str) -> None:
    url = f"json://{user}:{token}@127.0.0.1:8080/hooks/{token}?+X-Key={token}"
    text = f"Failed to send to {url}: POST /hooks/{token} as {user}"
    cleaned = scrub(text, url)
    assert token not in cleaned and user not in cleaned and token not in label(url)


def test_a_url_apprise_cannot_send_to_is_refused_without_showing_it() -> None:
    with pytest.raises(UsageError) as refused:
        parse_targets(["json://127.0.0.1/ok", "nosuch://tokenXYZ123"], env="")
    assert "notification URL 2" in str(refused.value) and "tokenXYZ123" not in str(refused.value)
    assert len(parse_targets(["json://127.0.0.1/a"], env="json://127.0.0.1/a  json://127.0.0.1/b")) == 2
