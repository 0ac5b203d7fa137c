-- A run's outcome, at its end.
INSERT INTO job_runs VALUES ($started_at, $finished_at, $job, $outcome, $pages, $loaded, $unchanged, $failed, $detail)
