-- The deliveries recorded for a receiver whose fingerprint was replaced.
UPDATE notification_deliveries SET target_fingerprint = $new WHERE target_fingerprint = $old
