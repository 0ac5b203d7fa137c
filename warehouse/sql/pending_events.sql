-- Events a receiver has not been sent yet, oldest first.
SELECT e.*
FROM events e
JOIN notification_targets t ON t.target_fingerprint = $fingerprint
WHERE e.event_seq > t.since_event_seq AND e.withdrawn_at IS NULL
  AND NOT EXISTS (SELECT 1 FROM notification_deliveries d
                  WHERE d.target_fingerprint = $fingerprint AND d.event_seq = e.event_seq)
ORDER BY e.event_seq
