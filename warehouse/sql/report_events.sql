SELECT captured_at, change, coalesce(model, 'Intelligence Index v' || old_value || ' -> v' || new_value) AS model
FROM leaderboard_changes
WHERE tier = $tier AND change IN ('entered', 'left', 'methodology')
ORDER BY captured_at DESC, change, model
LIMIT 200
