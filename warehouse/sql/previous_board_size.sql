-- The board's snapshot just before $captured_at (current parser version, held boards aside):
-- what a new snapshot's size is judged against.
SELECT b.snapshot_id, b.row_count, s.captured_at
FROM boards b
JOIN current_parser_versions v USING (snapshot_id, parser_version)
JOIN snapshots s USING (snapshot_id)
WHERE b.tier = $tier
  AND b.snapshot_id <> $snapshot_id
  AND (s.captured_at, b.snapshot_id) < ($captured_at, $snapshot_id)
  AND NOT EXISTS (SELECT 1 FROM held_boards h WHERE h.snapshot_id = b.snapshot_id AND h.tier = b.tier AND h.accepted_at IS NULL)
ORDER BY s.captured_at DESC, b.snapshot_id DESC
LIMIT 1
