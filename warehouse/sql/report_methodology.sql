-- Where the board's Intelligence Index methodology changed: values either side are not comparable.
SELECT captured_at, old_value, new_value
FROM leaderboard_changes
WHERE tier = $tier AND change = 'methodology'
ORDER BY captured_at
