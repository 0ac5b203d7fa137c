-- A receiver seen for the first time is sent what happens from now on, not the history before.
INSERT INTO notification_targets
SELECT $fingerprint, $now, $since_event_seq
WHERE NOT EXISTS (SELECT 1 FROM notification_targets WHERE target_fingerprint = $fingerprint)
