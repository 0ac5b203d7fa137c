-- Raw layer and observations. Nothing here is ever updated or deleted by the loader:
-- a re-parse adds rows under a new parser_version beside the old ones.

CREATE TABLE snapshots (
    snapshot_id          BIGINT PRIMARY KEY,
    content_sha256       VARCHAR NOT NULL UNIQUE,
    tiers                VARCHAR[] NOT NULL,
    source               VARCHAR NOT NULL,
    format               VARCHAR NOT NULL,
    captured_at          TIMESTAMPTZ NOT NULL,
    capture_time_source  VARCHAR NOT NULL,
    ingested_at          TIMESTAMPTZ NOT NULL,
    bytes                BIGINT NOT NULL,
    archive_path         VARCHAR
);

CREATE TABLE parse_runs (
    run_id          BIGINT PRIMARY KEY,
    snapshot_id     BIGINT,
    content_sha256  VARCHAR NOT NULL,
    source          VARCHAR NOT NULL,
    parser_version  VARCHAR NOT NULL,
    started_at      TIMESTAMPTZ NOT NULL,
    finished_at     TIMESTAMPTZ NOT NULL,
    status          VARCHAR NOT NULL CHECK (status IN ('ok', 'failed')),
    boards          VARCHAR[] NOT NULL,
    rows_loaded     INTEGER NOT NULL,
    warnings        VARCHAR[] NOT NULL,
    error           VARCHAR
);

CREATE TABLE boards (
    snapshot_id     BIGINT NOT NULL,
    parser_version  VARCHAR NOT NULL,
    tier            VARCHAR NOT NULL,
    row_count       INTEGER NOT NULL,
    PRIMARY KEY (snapshot_id, parser_version, tier)
);

CREATE TABLE observations (
    snapshot_id               BIGINT NOT NULL,
    parser_version            VARCHAR NOT NULL,
    tier                      VARCHAR NOT NULL,
    rank                      INTEGER NOT NULL,
    model                     VARCHAR NOT NULL,
    variant                   VARCHAR,
    model_key                 VARCHAR NOT NULL,
    slug                      VARCHAR,
    creator                   VARCHAR,
    intelligence_index        DOUBLE,
    intelligence_is_estimate  BOOLEAN,
    total_params_b            DOUBLE,
    active_params_b           DOUBLE,
    is_moe                    BOOLEAN,
    context_window_tokens     BIGINT,
    blended_price_usd_per_1m  DOUBLE,
    output_tokens_per_s       DOUBLE,
    open_weights              BOOLEAN,
    weights_url               VARCHAR,
    providers                 VARCHAR[],
    providers_more            INTEGER,
    provider_count            INTEGER,
    release_date              DATE,
    value_source              VARCHAR NOT NULL,
    PRIMARY KEY (snapshot_id, parser_version, tier, model_key)
);

CREATE TABLE evaluation_scores (
    snapshot_id     BIGINT NOT NULL,
    parser_version  VARCHAR NOT NULL,
    model_key       VARCHAR NOT NULL,
    evaluation      VARCHAR NOT NULL,
    score           DOUBLE NOT NULL,
    PRIMARY KEY (snapshot_id, parser_version, model_key, evaluation)
);
