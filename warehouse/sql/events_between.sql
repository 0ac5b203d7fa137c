-- Recorded events of a period (by capture time, in UTC days; either end may be open) and board.
SELECT event_seq, event_id, captured_at, tier, snapshot_id, kind, model, column_name, old_value, new_value,
       old_rank, new_rank, index_version, across_methodology_change, detail, source, recorded_at
FROM events
WHERE withdrawn_at IS NULL
  AND ($since IS NULL OR captured_at >= $since)
  AND ($until IS NULL OR captured_at < $until)
  AND ($tier IS NULL OR tier = $tier)
ORDER BY captured_at, event_seq
