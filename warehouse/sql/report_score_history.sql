-- Intelligence index over time of the board's current top models.
WITH top AS (
    SELECT model_key FROM leaderboard_latest WHERE tier = $tier AND intelligence_index IS NOT NULL ORDER BY rank LIMIT $top
)
SELECT h.captured_at, h.model, h.intelligence_index
FROM leaderboard_history h JOIN top USING (model_key)
WHERE h.tier = $tier
ORDER BY h.model, h.captured_at
