-- Events: what is worth telling people about each board and run, and who has been told.
-- board_events derives them from the views (so its definition of "changed" is
-- model_value_changes'); the events table records each one the first time a run saw it, so a
-- notification, a feed entry and `aa-leaderboards changes` all tell the same events, and an
-- event once delivered to a receiver is never delivered to it again.

CREATE VIEW board_events AS
WITH versions AS (
    SELECT tier, snapshot_id, index_version FROM board_snapshots
),
changes AS (
    SELECT c.tier, c.snapshot_id, c.previous_snapshot_id, c.captured_at,
           CASE WHEN c.change IN ('entered', 'left', 'methodology') THEN c.change
                WHEN c.column_name = 'intelligence_index' THEN 'index_change'
                ELSE 'price_change' END AS kind,
           c.model, c.model_key, c.column_name, c.old_value, c.new_value, c.old_rank, c.new_rank,
           c.across_methodology_change, NULL::VARCHAR AS detail
    FROM leaderboard_changes c
    WHERE c.change IN ('entered', 'left', 'methodology')
       OR (c.change = 'changed' AND c.column_name = 'blended_price_usd_per_1m')
       -- Within one index version only: across a re-basing the scales differ, and the
       -- 'methodology' event says so once for the board.
       OR (c.change = 'changed' AND c.column_name = 'intelligence_index' AND NOT c.across_methodology_change
           AND abs(TRY_CAST(c.new_value AS DOUBLE) - TRY_CAST(c.old_value AS DOUBLE)) >= 1)
),
firsts AS (
    SELECT tier, snapshot_id, model, model_key FROM leaderboard_history WHERE rank = 1
),
new_leader AS (
    SELECT s.tier, s.snapshot_id, s.previous_snapshot_id, s.captured_at, 'new_leader' AS kind,
           cur.model, cur.model_key, NULL::VARCHAR AS column_name, prev.model AS old_value, cur.model AS new_value,
           was.rank AS old_rank, 1 AS new_rank,
           coalesce(s.index_version <> s.last_known_index_version, false) AS across_methodology_change,
           NULL::VARCHAR AS detail
    FROM board_snapshots s
    JOIN firsts cur ON cur.tier = s.tier AND cur.snapshot_id = s.snapshot_id
    JOIN firsts prev ON prev.tier = s.tier AND prev.snapshot_id = s.previous_snapshot_id
    LEFT JOIN leaderboard_history was ON was.tier = s.tier AND was.snapshot_id = s.previous_snapshot_id
                                     AND was.model_key = cur.model_key
    WHERE cur.model_key <> prev.model_key
),
held AS (
    SELECT h.tier, h.snapshot_id, NULL::BIGINT AS previous_snapshot_id, s.captured_at, 'held' AS kind,
           NULL::VARCHAR AS model, NULL::VARCHAR AS model_key, NULL::VARCHAR AS column_name,
           NULL::VARCHAR AS old_value, NULL::VARCHAR AS new_value, NULL::INTEGER AS old_rank, NULL::INTEGER AS new_rank,
           NULL::BOOLEAN AS across_methodology_change, h.reason AS detail
    FROM held_boards h JOIN snapshots s USING (snapshot_id)
),
everything AS (
    SELECT * FROM changes
    UNION ALL SELECT * FROM new_leader
    UNION ALL SELECT * FROM held
)
SELECT e.tier || ':' || left(s.content_sha256, 16) || ':' || e.kind || ':' || coalesce(e.model_key, '') || ':'
           || coalesce(e.column_name, '') AS event_id,
       e.tier, e.snapshot_id, e.previous_snapshot_id, s.content_sha256, e.captured_at, e.kind, e.model, e.model_key,
       e.column_name, e.old_value, e.new_value, e.old_rank, e.new_rank, v.index_version, e.across_methodology_change,
       e.detail
FROM everything e
JOIN snapshots s USING (snapshot_id)
LEFT JOIN versions v ON v.tier = e.tier AND v.snapshot_id = e.snapshot_id;
COMMENT ON VIEW board_events IS 'The events worth telling, per board and snapshot, derived from leaderboard_changes and held_boards: a model entered or left, the Intelligence Index moved by at least 1 point within one index version, the blended price changed, a new first place, a methodology change, a board held back. The events table records each the first time a run saw it.';
COMMENT ON COLUMN board_events.event_id IS 'Stable id: board, the snapshot''s content hash (16 hex digits), kind, model key and column, joined by '':''. The same event has the same id in any warehouse built from the same pages.';
COMMENT ON COLUMN board_events.tier IS 'Board: small (4B-40B parameters) or tiny (<=4B).';
COMMENT ON COLUMN board_events.snapshot_id IS 'The snapshot in which the event was seen.';
COMMENT ON COLUMN board_events.previous_snapshot_id IS 'The board''s snapshot it is compared with; NULL for a held board.';
COMMENT ON COLUMN board_events.content_sha256 IS 'sha256 of the snapshot''s page content (its key in the raw archive).';
COMMENT ON COLUMN board_events.captured_at IS 'Capture time of the snapshot.';
COMMENT ON COLUMN board_events.kind IS 'entered, left, index_change (at least 1 point, same index version), price_change (blended price, including to or from unknown), new_leader, methodology (a new Intelligence Index version) or held (the board shrank implausibly and is kept out of the views).';
COMMENT ON COLUMN board_events.model IS 'Display name of the model (the new first place for new_leader); NULL for methodology and held.';
COMMENT ON COLUMN board_events.model_key IS 'Stable key of the model; NULL for methodology and held.';
COMMENT ON COLUMN board_events.column_name IS 'intelligence_index, blended_price_usd_per_1m or index_version, for the kinds that compare a value; NULL otherwise.';
COMMENT ON COLUMN board_events.old_value IS 'The value before, as text (the previous first place''s name for new_leader); NULL where unknown.';
COMMENT ON COLUMN board_events.new_value IS 'The value now, as text (the new first place''s name for new_leader); NULL where unknown.';
COMMENT ON COLUMN board_events.old_rank IS 'Rank in the previous snapshot (for left, index and price changes, and the new first place''s former rank); NULL where it was not on the board.';
COMMENT ON COLUMN board_events.new_rank IS 'Rank in this snapshot; NULL for left.';
COMMENT ON COLUMN board_events.index_version IS 'Intelligence Index version this snapshot states; NULL where it does not say.';
COMMENT ON COLUMN board_events.across_methodology_change IS 'True where this snapshot states a different index version than the board''s last one: values on either side are not comparable. NULL for held.';
COMMENT ON COLUMN board_events.detail IS 'Why a board was held; NULL otherwise.';

CREATE TABLE events (
    event_seq                  BIGINT PRIMARY KEY,
    event_id                   VARCHAR NOT NULL UNIQUE,
    tier                       VARCHAR,
    snapshot_id                BIGINT,
    previous_snapshot_id       BIGINT,
    content_sha256             VARCHAR,
    captured_at                TIMESTAMPTZ NOT NULL,
    kind                       VARCHAR NOT NULL CHECK (kind IN ('entered', 'left', 'index_change', 'price_change',
                                                                'new_leader', 'methodology', 'held', 'failed')),
    model                      VARCHAR,
    model_key                  VARCHAR,
    column_name                VARCHAR,
    old_value                  VARCHAR,
    new_value                  VARCHAR,
    old_rank                   INTEGER,
    new_rank                   INTEGER,
    index_version              VARCHAR,
    across_methodology_change  BOOLEAN,
    detail                     VARCHAR,
    source                     VARCHAR,
    recorded_at                TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE events IS 'Every event told, once: the rows of board_events as runs first saw them, and failed runs (a source unreachable, a page refused). Notifications, the Atom feeds and `aa-leaderboards changes` read this table.';
COMMENT ON COLUMN events.event_seq IS 'Order in which events were recorded (1, 2, ...); a receiver is sent the events after the last one it was sent.';
COMMENT ON COLUMN events.event_id IS 'Stable id (see board_events.event_id); for a failed run: failed, board (or -), the run''s start time and a hash of the source.';
COMMENT ON COLUMN events.tier IS 'Board: small or tiny; NULL for a failure whose source names no board.';
COMMENT ON COLUMN events.snapshot_id IS 'The snapshot; NULL for a failed run (a failed page never becomes a snapshot).';
COMMENT ON COLUMN events.previous_snapshot_id IS 'The snapshot compared with; NULL for held and failed.';
COMMENT ON COLUMN events.content_sha256 IS 'sha256 of the snapshot''s page content; NULL for a failed run.';
COMMENT ON COLUMN events.captured_at IS 'Capture time of the snapshot; for a failed run, when the run started.';
COMMENT ON COLUMN events.kind IS 'As board_events.kind, or failed (a source could not be fetched or read, or its page was refused).';
COMMENT ON COLUMN events.model IS 'Display name of the model; NULL for methodology, held and failed.';
COMMENT ON COLUMN events.model_key IS 'Stable key of the model; NULL for methodology, held and failed.';
COMMENT ON COLUMN events.column_name IS 'The column compared (see board_events.column_name).';
COMMENT ON COLUMN events.old_value IS 'The value before, as text.';
COMMENT ON COLUMN events.new_value IS 'The value now, as text.';
COMMENT ON COLUMN events.old_rank IS 'Rank in the previous snapshot.';
COMMENT ON COLUMN events.new_rank IS 'Rank in this snapshot.';
COMMENT ON COLUMN events.index_version IS 'Intelligence Index version the snapshot states.';
COMMENT ON COLUMN events.across_methodology_change IS 'True where the values on either side are on different index versions.';
COMMENT ON COLUMN events.detail IS 'Why a board was held or a run failed; NULL otherwise.';
COMMENT ON COLUMN events.source IS 'For a failed run: the URL or file that failed; NULL otherwise.';
COMMENT ON COLUMN events.recorded_at IS 'When a run first recorded the event.';

-- Receivers are known by a fingerprint only: their URLs carry tokens and are never stored.
CREATE TABLE notification_targets (
    target_fingerprint  VARCHAR PRIMARY KEY,
    first_used_at       TIMESTAMPTZ NOT NULL,
    since_event_seq     BIGINT NOT NULL
);
COMMENT ON TABLE notification_targets IS 'Each notification receiver ever used, by fingerprint (a sha256 of its URL; the URL, which carries tokens, is never stored).';
COMMENT ON COLUMN notification_targets.target_fingerprint IS 'sha256 (hex) of the receiver''s URL with a fixed prefix.';
COMMENT ON COLUMN notification_targets.first_used_at IS 'When a run first notified it.';
COMMENT ON COLUMN notification_targets.since_event_seq IS 'The last event recorded before it was first used: it is sent the events after this one, not the history before it.';

CREATE TABLE notification_deliveries (
    target_fingerprint  VARCHAR NOT NULL,
    event_seq           BIGINT NOT NULL,
    delivered_at        TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (target_fingerprint, event_seq)
);
COMMENT ON TABLE notification_deliveries IS 'One row per event delivered to a receiver: an event with no row for a receiver is pending and goes out with its next run.';
COMMENT ON COLUMN notification_deliveries.target_fingerprint IS 'The receiver (notification_targets).';
COMMENT ON COLUMN notification_deliveries.event_seq IS 'The event (events.event_seq).';
COMMENT ON COLUMN notification_deliveries.delivered_at IS 'When the receiver accepted the message that carried it.';

-- The history loaded before events were recorded: its events are known, not news, so no
-- receiver added later is sent them.
INSERT INTO events
SELECT row_number() OVER (ORDER BY captured_at, tier, snapshot_id, kind, model_key, column_name) AS event_seq,
       event_id, tier, snapshot_id, previous_snapshot_id, content_sha256, captured_at, kind, model, model_key, column_name,
       old_value, new_value, old_rank, new_rank, index_version, across_methodology_change, detail,
       NULL AS source, now() AS recorded_at
FROM board_events;
