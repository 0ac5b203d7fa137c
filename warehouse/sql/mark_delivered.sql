INSERT INTO notification_deliveries
SELECT $fingerprint, seq, $now FROM unnest($event_seqs::BIGINT[]) AS t(seq)
WHERE NOT EXISTS (SELECT 1 FROM notification_deliveries d WHERE d.target_fingerprint = $fingerprint AND d.event_seq = seq)
