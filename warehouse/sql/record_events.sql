-- Record the events of the given snapshots (and of the snapshots that now follow them, whose
-- comparison a snapshot loaded in between changes) that no run has recorded yet.
WITH given AS (SELECT unnest($snapshot_ids::BIGINT[]) AS snapshot_id)
INSERT INTO events
SELECT (SELECT coalesce(max(event_seq), 0) FROM events)
           + row_number() OVER (ORDER BY captured_at, tier, snapshot_id, kind, model_key, column_name),
       event_id, tier, snapshot_id, previous_snapshot_id, content_sha256, captured_at, kind, model, model_key, column_name,
       old_value, new_value, old_rank, new_rank, index_version, across_methodology_change, detail,
       NULL, $recorded_at
FROM board_events e
WHERE (e.snapshot_id IN (SELECT snapshot_id FROM given) OR e.previous_snapshot_id IN (SELECT snapshot_id FROM given))
  AND NOT EXISTS (SELECT 1 FROM events r WHERE r.event_id = e.event_id)
