SELECT captured_at, change, model
FROM leaderboard_changes
WHERE tier = $tier AND change IN ('entered', 'left')
ORDER BY captured_at DESC, change, model
LIMIT 200
