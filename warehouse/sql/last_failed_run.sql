-- The newest run that failed, with why.
SELECT job, started_at, finished_at, outcome, pages, loaded, unchanged, failed, detail
FROM job_runs
WHERE outcome = 'failed'
ORDER BY finished_at DESC
LIMIT 1
