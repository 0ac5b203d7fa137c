-- Boards whose Intelligence Index version goes back (v4.1, then v4.0) at one of the given
-- snapshots: the site re-bases forward, so a step back almost always means a page dated wrong.
SELECT c.tier, c.old_value, c.new_value, c.previous_snapshot_id, c.previous_captured_at,
       c.snapshot_id, c.captured_at, s.capture_time_source
FROM leaderboard_changes c
JOIN snapshots s USING (snapshot_id)
WHERE c.change = 'methodology' AND version_key(c.new_value) < version_key(c.old_value)
  AND (list_contains($ids, c.snapshot_id) OR list_contains($ids, c.previous_snapshot_id))
ORDER BY c.tier, c.captured_at
