-- Every run of a job (ingest, refresh, backfill, reparse) with its outcome, so `status` can say
-- how the last night went and `health` can tell a monitor. Loaded pages have their own record in
-- parse_runs; this is the run as a whole.
CREATE TABLE job_runs (
    started_at   TIMESTAMPTZ NOT NULL,
    finished_at  TIMESTAMPTZ NOT NULL,
    job          VARCHAR NOT NULL,
    outcome      VARCHAR NOT NULL CHECK (outcome IN ('ok', 'failed')),
    pages        INTEGER NOT NULL,
    loaded       INTEGER NOT NULL,
    unchanged    INTEGER NOT NULL,
    failed       INTEGER NOT NULL,
    detail       VARCHAR
);
COMMENT ON TABLE job_runs IS 'One row per run of a job that reached the warehouse: when, which job, and how it went. A run that could not open the warehouse (locked, full) is not here: its receivers were told, and `health` sees the boards grow old.';
COMMENT ON COLUMN job_runs.started_at IS 'When the run started.';
COMMENT ON COLUMN job_runs.finished_at IS 'When its outcome was recorded (before it published and told).';
COMMENT ON COLUMN job_runs.job IS 'ingest, refresh, backfill or reparse.';
COMMENT ON COLUMN job_runs.outcome IS 'ok: every page loaded or was unchanged; failed: at least one page failed, or the run failed as a whole.';
COMMENT ON COLUMN job_runs.pages IS 'Pages the run took (loaded + unchanged + failed).';
COMMENT ON COLUMN job_runs.loaded IS 'Pages loaded as new snapshots or new parser versions.';
COMMENT ON COLUMN job_runs.unchanged IS 'Pages already in the warehouse.';
COMMENT ON COLUMN job_runs.failed IS 'Pages that failed (each has its failed event).';
COMMENT ON COLUMN job_runs.detail IS 'For a failed run: the first failure (its source and cause), and how many more; NULL for an ok run.';
