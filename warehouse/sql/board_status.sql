SELECT tier, count(*) AS snapshots, max(captured_at) AS latest_captured_at,
       max_by(row_count, (captured_at, snapshot_id)) AS latest_rows
FROM board_snapshots
GROUP BY tier
ORDER BY tier
