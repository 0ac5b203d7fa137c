-- Give a snapshot its right capture time (one misdated by a file's mtime, say), saying so.
UPDATE snapshots SET captured_at = $captured_at, capture_time_source = 'corrected' WHERE snapshot_id = $snapshot_id
