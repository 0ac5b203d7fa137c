-- What a run changed: events of the given snapshots against the board's previous snapshot.
SELECT tier, change, model, column_name, old_value, new_value,
       CASE WHEN TRY_CAST(old_value AS DOUBLE) IS NOT NULL AND TRY_CAST(new_value AS DOUBLE) IS NOT NULL
            THEN abs(TRY_CAST(new_value AS DOUBLE) - TRY_CAST(old_value AS DOUBLE)) / greatest(abs(TRY_CAST(old_value AS DOUBLE)), 1e-9)
       END AS relative_change
FROM leaderboard_changes
WHERE list_contains($snapshot_ids, snapshot_id)
ORDER BY list_position($tiers, tier) NULLS LAST, tier, change, relative_change DESC NULLS LAST, model
