SELECT tier,
       count(*) AS snapshots,
       max(captured_at) AS latest_captured_at,
       max_by(snapshot_id, (captured_at, snapshot_id)) AS latest_snapshot_id,
       max_by(row_count, (captured_at, snapshot_id)) AS latest_models
FROM board_snapshots
GROUP BY tier
-- The boards in their defined order (parsers/boards.py), any other after them.
ORDER BY list_position($tiers, tier) NULLS LAST, tier
