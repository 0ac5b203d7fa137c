-- A snapshot's current parser version is chosen per board: a newer parser that reads fewer boards
-- of a page (or a page loaded with --tier) never hides the boards it did not read. Both views are
-- recreated with their columns in the same order, the new one after; every comment is given again.
CREATE OR REPLACE VIEW current_parser_versions AS
SELECT snapshot_id, max_by(parser_version, version_key(parser_version)) AS parser_version, tier
FROM boards
GROUP BY snapshot_id, tier;
COMMENT ON VIEW current_parser_versions IS 'The newest parser version of each board of each snapshot; older versions stay in observations, queryable, but feed no analyst view. Join it on snapshot_id, tier and parser_version.';
COMMENT ON COLUMN current_parser_versions.snapshot_id IS 'The snapshot.';
COMMENT ON COLUMN current_parser_versions.parser_version IS 'The newest parser version that read this board of it.';
COMMENT ON COLUMN current_parser_versions.tier IS 'The board.';

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
WINDOW w AS (PARTITION BY b.tier ORDER BY s.captured_at, b.snapshot_id);
COMMENT ON VIEW board_snapshots IS 'Every snapshot of each board in capture order, with the previous and next capture; boards held back (table held_boards) are left out until accepted.';
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
