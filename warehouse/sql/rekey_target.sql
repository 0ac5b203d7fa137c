-- A receiver's fingerprint replaced (rekey_deliveries.sql moves its deliveries with it).
UPDATE notification_targets SET target_fingerprint = $new WHERE target_fingerprint = $old
