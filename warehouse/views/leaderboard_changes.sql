-- Per board, what changed between consecutive snapshots: models that entered or left, renames,
-- changed values (from model_value_changes) and a new index methodology.
CREATE OR REPLACE VIEW leaderboard_changes AS
WITH pairs AS (
    SELECT tier, snapshot_id, previous_snapshot_id, captured_at, previous_captured_at,
           index_version, last_known_index_version,
           coalesce(index_version <> last_known_index_version, false) AS new_methodology
    FROM board_snapshots
    WHERE previous_snapshot_id IS NOT NULL
),
cur AS (
    SELECT p.tier, p.snapshot_id, p.previous_snapshot_id, p.captured_at, p.previous_captured_at, p.new_methodology,
           h.model, h.model_key, h.rank
    FROM pairs p JOIN leaderboard_history h USING (tier, snapshot_id)
),
prev AS (
    SELECT p.tier, p.snapshot_id, p.previous_snapshot_id, p.captured_at, p.previous_captured_at, p.new_methodology,
           h.model, h.model_key, h.rank
    FROM pairs p JOIN leaderboard_history h ON h.tier = p.tier AND h.snapshot_id = p.previous_snapshot_id
),
methodology AS (
    SELECT tier, captured_at, NULL::VARCHAR AS model, NULL::VARCHAR AS model_key, 'methodology' AS change,
           'index_version' AS column_name, last_known_index_version AS old_value, index_version AS new_value,
           snapshot_id, previous_snapshot_id, previous_captured_at, NULL::INTEGER AS old_rank, NULL::INTEGER AS new_rank,
           true AS across_methodology_change
    FROM pairs WHERE new_methodology
),
entered AS (
    SELECT c.tier, c.captured_at, c.model, c.model_key, 'entered' AS change, NULL::VARCHAR AS column_name,
           NULL::VARCHAR AS old_value, NULL::VARCHAR AS new_value,
           c.snapshot_id, c.previous_snapshot_id, c.previous_captured_at, NULL::INTEGER AS old_rank, c.rank AS new_rank,
           c.new_methodology AS across_methodology_change
    FROM cur c ANTI JOIN prev p USING (tier, snapshot_id, model_key)
),
left_board AS (
    SELECT p.tier, p.captured_at, p.model, p.model_key, 'left' AS change, NULL::VARCHAR, NULL::VARCHAR, NULL::VARCHAR,
           p.snapshot_id, p.previous_snapshot_id, p.previous_captured_at, p.rank, NULL::INTEGER, p.new_methodology
    FROM prev p ANTI JOIN cur c USING (tier, snapshot_id, model_key)
)
SELECT * FROM methodology
UNION ALL SELECT * FROM entered
UNION ALL SELECT * FROM left_board
UNION ALL SELECT * EXCLUDE (column_position) FROM model_value_changes;
