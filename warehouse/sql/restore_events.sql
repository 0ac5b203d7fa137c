-- Withdrawn events of these snapshots (or of those now compared with them) that hold again as
-- they were recorded: restored, under their first event_seq (a receiver that had them is not told again).
UPDATE events SET withdrawn_at = NULL
WHERE withdrawn_at IS NOT NULL
  AND (list_contains($affected::BIGINT[], snapshot_id) OR list_contains($snapshot_ids::BIGINT[], previous_snapshot_id))
  AND EXISTS (SELECT 1 FROM current_board_events h
              WHERE h.event_id = events.event_id
                AND h.previous_snapshot_id IS NOT DISTINCT FROM events.previous_snapshot_id
                AND h.model IS NOT DISTINCT FROM events.model
                AND h.old_value IS NOT DISTINCT FROM events.old_value AND h.new_value IS NOT DISTINCT FROM events.new_value
                AND h.old_rank IS NOT DISTINCT FROM events.old_rank AND h.new_rank IS NOT DISTINCT FROM events.new_rank)
