-- Index versions, facts beyond the board's columns, every source record kept, boards held back.

ALTER TABLE boards ADD COLUMN index_version VARCHAR;
ALTER TABLE boards ADD COLUMN index_evaluations VARCHAR[];
ALTER TABLE boards ADD COLUMN carried_fields VARCHAR[];

ALTER TABLE observations ADD COLUMN license_name VARCHAR;
ALTER TABLE observations ADD COLUMN commercial_use_restricted BOOLEAN;
ALTER TABLE observations ADD COLUMN openness_index DOUBLE;
ALTER TABLE observations ADD COLUMN input_price_usd_per_1m DOUBLE;
ALTER TABLE observations ADD COLUMN output_price_usd_per_1m DOUBLE;
ALTER TABLE observations ADD COLUMN time_to_first_token_s DOUBLE;
ALTER TABLE observations ADD COLUMN source_record JSON;

CREATE TABLE held_boards (
    snapshot_id  BIGINT NOT NULL,
    tier         VARCHAR NOT NULL,
    reason       VARCHAR NOT NULL,
    held_at      TIMESTAMPTZ NOT NULL,
    accepted_at  TIMESTAMPTZ,
    PRIMARY KEY (snapshot_id, tier)
);
