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
