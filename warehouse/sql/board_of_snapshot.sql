-- Every column of the requested boards as one snapshot gave them (the columns of
-- leaderboard_latest), in board then rank order.
SELECT *
FROM leaderboard_history
WHERE snapshot_id = $snapshot_id AND list_contains($tiers, tier)
ORDER BY list_position($tiers, tier), rank, model_key
