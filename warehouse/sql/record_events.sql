-- Record the events of the given snapshots (and of the snapshots that now follow them, whose
-- comparison a snapshot loaded in between changes) that the ledger does not hold as they are now:
-- a withdrawn event that holds again is restored (so no receiver is told it twice), a new or
-- corrected one recorded.
WITH given AS (SELECT unnest($snapshot_ids::BIGINT[]) AS snapshot_id),
now_true AS (
    SELECT e.*
    FROM current_board_events e
    WHERE (e.snapshot_id IN (SELECT snapshot_id FROM given) OR e.previous_snapshot_id IN (SELECT snapshot_id FROM given))
      AND NOT EXISTS (SELECT 1 FROM events r
                      WHERE r.event_id = e.event_id AND r.withdrawn_at IS NULL
                        AND r.previous_snapshot_id IS NOT DISTINCT FROM e.previous_snapshot_id
                        AND r.model IS NOT DISTINCT FROM e.model
                        AND r.old_value IS NOT DISTINCT FROM e.old_value AND r.new_value IS NOT DISTINCT FROM e.new_value
                        AND r.old_rank IS NOT DISTINCT FROM e.old_rank AND r.new_rank IS NOT DISTINCT FROM e.new_rank)
)
INSERT INTO events
SELECT (SELECT coalesce(max(event_seq), 0) FROM events)
           + row_number() OVER (ORDER BY captured_at, tier, snapshot_id, kind, model_key, column_name),
       event_id, tier, snapshot_id, previous_snapshot_id, content_sha256, captured_at, kind, model, model_key, column_name,
       old_value, new_value, old_rank, new_rank, index_version, across_methodology_change, detail,
       NULL, $recorded_at, NULL,
       -- Older than the board's newest snapshot that this run did not load: history, not news.
       e.captured_at < coalesce((SELECT max(b.captured_at) FROM board_snapshots b
                                 WHERE b.tier = e.tier AND NOT list_contains($snapshot_ids::BIGINT[], b.snapshot_id)),
                                e.captured_at)
FROM now_true e
WHERE NOT EXISTS (SELECT 1 FROM events r
                  WHERE r.event_id = e.event_id AND r.withdrawn_at IS NOT NULL
                    AND r.previous_snapshot_id IS NOT DISTINCT FROM e.previous_snapshot_id
                    AND r.model IS NOT DISTINCT FROM e.model
                    AND r.old_value IS NOT DISTINCT FROM e.old_value AND r.new_value IS NOT DISTINCT FROM e.new_value
                    AND r.old_rank IS NOT DISTINCT FROM e.old_rank AND r.new_rank IS NOT DISTINCT FROM e.new_rank)
