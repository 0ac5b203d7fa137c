-- Every column of leaderboard_latest for the requested boards, in board then rank order.
SELECT *
FROM leaderboard_latest
WHERE list_contains($tiers, tier)
ORDER BY list_position($tiers, tier), rank, model_key
