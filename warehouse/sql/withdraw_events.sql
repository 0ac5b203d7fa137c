-- Events of the affected snapshots (these, and those now compared with them) that the history no
-- longer holds (an earlier capture loaded late: the next night is compared with it, not with the
-- night before it): withdrawn, kept, and told no more. Failed runs are never withdrawn.
UPDATE events SET withdrawn_at = $recorded_at
WHERE withdrawn_at IS NULL AND kind <> 'failed'
  AND list_contains($affected::BIGINT[], snapshot_id)
  AND NOT EXISTS (SELECT 1 FROM current_board_events h
                  WHERE h.event_id = events.event_id
                    AND h.previous_snapshot_id IS NOT DISTINCT FROM events.previous_snapshot_id
                    AND h.model IS NOT DISTINCT FROM events.model
                    AND h.old_value IS NOT DISTINCT FROM events.old_value
                    AND h.new_value IS NOT DISTINCT FROM events.new_value
                    AND h.old_rank IS NOT DISTINCT FROM events.old_rank
                    AND h.new_rank IS NOT DISTINCT FROM events.new_rank)
