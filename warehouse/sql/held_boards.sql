-- Boards still held back (not accepted), oldest first.
SELECT h.snapshot_id, h.tier, b.row_count AS models, s.captured_at, h.held_at, h.reason
FROM held_boards h
JOIN snapshots s USING (snapshot_id)
JOIN boards b ON b.snapshot_id = h.snapshot_id AND b.tier = h.tier
JOIN current_parser_versions v ON v.snapshot_id = b.snapshot_id AND v.tier = b.tier AND v.parser_version = b.parser_version
WHERE h.accepted_at IS NULL
ORDER BY s.captured_at, h.snapshot_id, h.tier
