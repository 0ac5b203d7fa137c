-- Events: what is worth telling people about each board and run, and who has been told.
-- board_events derives them from the views (so its definition of "changed" is
-- model_value_changes'); the events table records each one the first time a run saw it, so a
-- notification, a feed entry and `aa-leaderboards changes` all tell the same events, and an
-- event once delivered to a receiver is never delivered to it again.

CREATE TABLE events (
    event_seq                  BIGINT PRIMARY KEY,
    event_id                   VARCHAR NOT NULL UNIQUE,
    tier                       VARCHAR,
    snapshot_id                BIGINT,
    previous_snapshot_id       BIGINT,
    content_sha256             VARCHAR,
    captured_at                TIMESTAMPTZ NOT NULL,
    kind                       VARCHAR NOT NULL CHECK (kind IN ('entered', 'left', 'index_change', 'price_change',
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
    recorded_at                TIMESTAMPTZ NOT NULL
);

-- Receivers are known by a fingerprint only: their URLs carry tokens and are never stored.
CREATE TABLE notification_targets (
    target_fingerprint  VARCHAR PRIMARY KEY,
    first_used_at       TIMESTAMPTZ NOT NULL,
    since_event_seq     BIGINT NOT NULL
);

CREATE TABLE notification_deliveries (
    target_fingerprint  VARCHAR NOT NULL,
    event_seq           BIGINT NOT NULL,
    delivered_at        TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (target_fingerprint, event_seq)
);
