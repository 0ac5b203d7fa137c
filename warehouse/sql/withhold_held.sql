-- In the published copy only: take the rows of boards still held out of the raw tables too, so
-- nothing a reader opens shows them (the writer's file keeps them, for `accept`).
DELETE FROM evaluation_scores e
WHERE EXISTS (SELECT 1 FROM held_boards h JOIN observations o ON o.snapshot_id = h.snapshot_id AND o.tier = h.tier
              WHERE h.accepted_at IS NULL AND o.snapshot_id = e.snapshot_id AND o.parser_version = e.parser_version
                AND o.model_key = e.model_key);
DELETE FROM observations o
WHERE EXISTS (SELECT 1 FROM held_boards h WHERE h.accepted_at IS NULL AND h.snapshot_id = o.snapshot_id AND h.tier = o.tier);
DELETE FROM boards b
WHERE EXISTS (SELECT 1 FROM held_boards h WHERE h.accepted_at IS NULL AND h.snapshot_id = b.snapshot_id AND h.tier = b.tier);
