-- Take a snapshot back, with the reason (its rows and page stay; the views leave it out).
INSERT INTO retractions (snapshot_id, reason, retracted_at, undone_at) VALUES ($snapshot_id, $reason, $now, NULL)
