-- Bring a retracted snapshot back; the snapshots it affects, returned.
UPDATE retractions SET undone_at = $now WHERE snapshot_id = $snapshot_id AND undone_at IS NULL
RETURNING snapshot_id
