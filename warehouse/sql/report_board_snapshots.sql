-- A board's snapshots shown to analysts, oldest first: the report compares the newest with the
-- one before it (the night) and with the first (the period).
SELECT snapshot_id, captured_at, index_version
FROM board_snapshots
WHERE tier = $tier
ORDER BY captured_at, snapshot_id
