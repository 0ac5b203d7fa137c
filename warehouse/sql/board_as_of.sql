-- Every column of each requested board as it stood at $ts (its newest snapshot captured at or
-- before it), in board then rank order: leaderboard_latest of that moment.
SELECT *
FROM leaderboard_as_of($ts)
WHERE list_contains($tiers, tier)
ORDER BY list_position($tiers, tier), rank, model_key
