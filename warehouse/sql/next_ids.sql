SELECT (SELECT coalesce(max(snapshot_id), 0) + 1 FROM snapshots), (SELECT coalesce(max(run_id), 0) + 1 FROM parse_runs)
