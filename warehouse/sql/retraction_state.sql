-- Is there such a snapshot, is it retracted now, and the boards' snapshots that follow it (whose
-- comparisons a retraction changes).
SELECT (SELECT count(*) FROM snapshots WHERE snapshot_id = $snapshot_id) AS exists,
       (SELECT count(*) FROM retractions WHERE snapshot_id = $snapshot_id AND undone_at IS NULL) AS retracted,
       (SELECT list(snapshot_id) FROM board_snapshots WHERE previous_snapshot_id = $snapshot_id) AS following
