-- Each board's snapshots in capture order, with their neighbours. Boards held back (held_boards)
-- and snapshots retracted (retractions) are not here, so no view built on this one shows them.
-- A derived table, not a view: every analyst view reads it several times over, and as a view
-- DuckDB planned it again each time (two thirds of the cost of a night's events). Every change
-- to what it reads refreshes it in the same transaction (warehouse.schema.refresh_derived).
CREATE OR REPLACE TABLE board_snapshots AS
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
