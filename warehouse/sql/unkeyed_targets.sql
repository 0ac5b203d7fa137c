-- Receivers stored under a bare sha256 of their URL (before fingerprints were keyed): to key now.
SELECT target_fingerprint FROM notification_targets WHERE NOT starts_with(target_fingerprint, 'k1:')
