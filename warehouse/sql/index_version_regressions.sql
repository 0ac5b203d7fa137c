-- Boards whose Intelligence Index version goes back (v4.1, then v4.0) at one of the given
-- snapshots: the site re-bases forward, so a step back almost always means a page dated wrong.
-- These are leaderboard_changes' 'methodology' rows that step back, read where that view reads
-- them (board_snapshots), without deriving every other change of the history.
SELECT b.tier, b.last_known_index_version AS old_value, b.index_version AS new_value, b.previous_snapshot_id,
       b.previous_captured_at, b.snapshot_id, b.captured_at, s.capture_time_source
FROM board_snapshots b
JOIN snapshots s USING (snapshot_id)
WHERE b.previous_snapshot_id IS NOT NULL
  AND b.index_version <> b.last_known_index_version
  AND version_key(b.index_version) < version_key(b.last_known_index_version)
  AND (list_contains($ids, b.snapshot_id) OR list_contains($ids, b.previous_snapshot_id))
ORDER BY b.tier, b.captured_at
