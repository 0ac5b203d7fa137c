-- Release held boards of one snapshot (one board, or all of them when $tier is NULL) into the views.
UPDATE held_boards SET accepted_at = $accepted_at
WHERE snapshot_id = $snapshot_id AND ($tier IS NULL OR tier = $tier) AND accepted_at IS NULL
RETURNING tier
