-- A mistake can be taken back: a retracted snapshot (a page misdated, a page that was not what it
-- seemed) leaves every view, change, feed, export and report; its raw page stays archived and its
-- rows stay in the tables. board_snapshots, the base of every analyst view, leaves it out.
CREATE TABLE retractions (
    snapshot_id   BIGINT NOT NULL,
    reason        VARCHAR NOT NULL,
    retracted_at  TIMESTAMPTZ NOT NULL,
    undone_at     TIMESTAMPTZ,
    PRIMARY KEY (snapshot_id, retracted_at)
);
COMMENT ON TABLE retractions IS 'Snapshots taken back with `aa-leaderboards retract`: left out of every analyst view, change, feed, export and report while undone_at is NULL; `retract --undo` brings one back. Their pages stay archived and their rows in the tables.';
COMMENT ON COLUMN retractions.snapshot_id IS 'The snapshot taken back.';
COMMENT ON COLUMN retractions.reason IS 'Why, as the person who retracted it said (--why).';
COMMENT ON COLUMN retractions.retracted_at IS 'When it was retracted.';
COMMENT ON COLUMN retractions.undone_at IS 'When `retract --undo` brought it back; NULL while it is retracted.';

CREATE OR REPLACE VIEW board_snapshots AS
SELECT
    b.tier,
    b.snapshot_id,
    b.parser_version,
    s.captured_at,
    b.row_count,
    row_number() OVER w AS board_seq,
    lag(b.snapshot_id) OVER w AS previous_snapshot_id,
    lag(s.captured_at) OVER w AS previous_captured_at,
    lead(s.captured_at) OVER w AS next_captured_at,
    b.index_version,
    last_value(b.index_version IGNORE NULLS) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS last_known_index_version,
    b.index_evaluations,
    b.carried_fields,
    lag(b.carried_fields) OVER w AS previous_carried_fields
FROM boards b
JOIN current_parser_versions v USING (snapshot_id, tier, parser_version)
JOIN snapshots s USING (snapshot_id)
WHERE NOT EXISTS (SELECT 1 FROM held_boards h WHERE h.snapshot_id = b.snapshot_id AND h.tier = b.tier AND h.accepted_at IS NULL)
  AND NOT EXISTS (SELECT 1 FROM retractions r WHERE r.snapshot_id = b.snapshot_id AND r.undone_at IS NULL)
WINDOW w AS (PARTITION BY b.tier ORDER BY s.captured_at, b.snapshot_id);
COMMENT ON VIEW board_snapshots IS 'Every snapshot of each board in capture order, with the previous and next capture; boards held back (table held_boards) are left out until accepted, and snapshots retracted (table retractions) until the retraction is undone.';
COMMENT ON COLUMN board_snapshots.tier IS 'Board: small (4B-40B parameters) or tiny (<=4B).';
COMMENT ON COLUMN board_snapshots.snapshot_id IS 'The snapshot.';
COMMENT ON COLUMN board_snapshots.parser_version IS 'Parser version whose rows the views use.';
COMMENT ON COLUMN board_snapshots.captured_at IS 'When the page was captured.';
COMMENT ON COLUMN board_snapshots.row_count IS 'Models on the board in this snapshot.';
COMMENT ON COLUMN board_snapshots.board_seq IS '1 for the board''s first snapshot, 2 for the next, ...';
COMMENT ON COLUMN board_snapshots.previous_snapshot_id IS 'The board''s snapshot before this one; NULL for the first.';
COMMENT ON COLUMN board_snapshots.previous_captured_at IS 'Capture time of the previous snapshot.';
COMMENT ON COLUMN board_snapshots.next_captured_at IS 'Capture time of the next snapshot; NULL for the newest.';
COMMENT ON COLUMN board_snapshots.index_version IS 'Intelligence Index version the page states for this board; NULL where it does not say.';
COMMENT ON COLUMN board_snapshots.last_known_index_version IS 'The version stated by the board''s latest earlier snapshot that stated one; NULL for none.';
COMMENT ON COLUMN board_snapshots.index_evaluations IS 'Evaluations the page says the index includes.';
COMMENT ON COLUMN board_snapshots.carried_fields IS 'Fields this snapshot''s forms can carry (NULL: not recorded, taken as all).';
COMMENT ON COLUMN board_snapshots.previous_carried_fields IS 'carried_fields of the previous snapshot.';
