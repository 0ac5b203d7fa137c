-- A rename is a change: the model keeps its key (migration 009, warehouse/identity.py) and its new
-- name is a 'renamed' row of model_value_changes, so of leaderboard_changes and board_events, and
-- model_versions opens a span with the new name (warehouse/views/).

-- The events table accepts 'renamed' (its kinds are a CHECK, which DuckDB cannot alter, so the
-- table is rebuilt with every row as it was), and tells the history as it now stands: an event
-- that a later load made untrue (an earlier capture loaded late between two nights) is withdrawn,
-- not deleted, and its corrected form recorded beside it under the same id.
CREATE TABLE events_with_renames (
    event_seq                  BIGINT PRIMARY KEY,
    event_id                   VARCHAR NOT NULL,
    tier                       VARCHAR,
    snapshot_id                BIGINT,
    previous_snapshot_id       BIGINT,
    content_sha256             VARCHAR,
    captured_at                TIMESTAMPTZ NOT NULL,
    kind                       VARCHAR NOT NULL CHECK (kind IN ('entered', 'left', 'renamed', 'index_change', 'price_change',
                                                                'new_leader', 'methodology', 'held', 'failed')),
    model                      VARCHAR,
    model_key                  VARCHAR,
    column_name                VARCHAR,
    old_value                  VARCHAR,
    new_value                  VARCHAR,
    old_rank                   INTEGER,
    new_rank                   INTEGER,
    index_version              VARCHAR,
    across_methodology_change  BOOLEAN,
    detail                     VARCHAR,
    source                     VARCHAR,
    recorded_at                TIMESTAMPTZ NOT NULL,
    withdrawn_at               TIMESTAMPTZ,
    backfill                   BOOLEAN
);
INSERT INTO events_with_renames SELECT *, NULL, false FROM events;
DROP TABLE events;
ALTER TABLE events_with_renames RENAME TO events;
