-- The events worth telling, per board and snapshot: the rows of leaderboard_changes by kind, and
-- boards held back. Each has a stable id, so the ledger (table events) records it once.
CREATE OR REPLACE VIEW board_events AS
WITH versions AS (
    SELECT tier, snapshot_id, index_version FROM board_snapshots
),
changes AS (
    SELECT c.tier, c.snapshot_id, c.previous_snapshot_id, c.captured_at,
           CASE WHEN c.change IN ('entered', 'left', 'methodology', 'renamed') THEN c.change
                WHEN c.column_name = 'intelligence_index' THEN 'index_change'
                ELSE 'price_change' END AS kind,
           c.model, c.model_key, c.column_name, c.old_value, c.new_value, c.old_rank, c.new_rank,
           c.across_methodology_change, NULL::VARCHAR AS detail
    FROM leaderboard_changes c
    WHERE c.change IN ('entered', 'left', 'methodology', 'renamed')
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
