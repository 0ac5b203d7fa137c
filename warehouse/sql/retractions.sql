-- Snapshots retracted now, with why and when.
SELECT r.snapshot_id, s.captured_at, s.source, r.reason, r.retracted_at
FROM retractions r JOIN snapshots s USING (snapshot_id)
WHERE r.undone_at IS NULL
ORDER BY r.retracted_at
