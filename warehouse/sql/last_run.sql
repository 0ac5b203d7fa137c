SELECT finished_at, status, source, error
FROM parse_runs
ORDER BY finished_at DESC, run_id DESC
LIMIT 1
