-- Intelligence index over time of the board's current top models: one series per model_key,
-- named as the board names it now, each point with the index version its value is on.
WITH top AS (
    SELECT model_key, model, rank FROM leaderboard_latest
    WHERE tier = $tier AND intelligence_index IS NOT NULL ORDER BY rank LIMIT $top
)
SELECT h.captured_at, h.model_key, top.model, h.intelligence_index, h.rank,
       coalesce(bs.index_version, bs.last_known_index_version) AS index_version
FROM leaderboard_history h
JOIN top USING (model_key)
JOIN board_snapshots bs ON bs.tier = h.tier AND bs.snapshot_id = h.snapshot_id
WHERE h.tier = $tier
ORDER BY top.rank, h.captured_at
