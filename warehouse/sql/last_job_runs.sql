-- The newest run of each job, newest first.
SELECT job, started_at, finished_at, outcome, pages, loaded, unchanged, failed, detail
FROM job_runs
QUALIFY row_number() OVER (PARTITION BY job ORDER BY finished_at DESC) = 1
ORDER BY finished_at DESC
