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
COMMENT ON TABLE snapshots IS 'One row per distinct page content ever loaded (by sha256). A page seen again adds nothing.';
COMMENT ON COLUMN snapshots.snapshot_id IS 'Surrogate key of the snapshot; order of loading, not of capture (use captured_at for time).';
COMMENT ON COLUMN snapshots.content_sha256 IS 'sha256 (hex) of the page content (after gunzip); also its key in the raw archive.';
COMMENT ON COLUMN snapshots.tiers IS 'Boards the page carried when first loaded: small (4B-40B), tiny (<=4B), or both for a catalogue page.';
COMMENT ON COLUMN snapshots.source IS 'URL the page was fetched from, or the path of the saved file it was read from.';
COMMENT ON COLUMN snapshots.format IS 'How the page was read: html, text-pipe or text-lines.';
COMMENT ON COLUMN snapshots.captured_at IS 'When the page was captured (fetched or saved), not when it was loaded.';
COMMENT ON COLUMN snapshots.capture_time_source IS 'Where captured_at came from: fetch, option (--captured-at), archive (metadata), filename or mtime.';
COMMENT ON COLUMN snapshots.ingested_at IS 'When this content was first loaded into the warehouse.';
COMMENT ON COLUMN snapshots.bytes IS 'Size of the page content in bytes (after gunzip).';
COMMENT ON COLUMN snapshots.archive_path IS 'Path of the gzip copy in the raw archive, relative to the archive folder.';

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
COMMENT ON TABLE parse_runs IS 'One row per attempt to parse a page with a parser version, successful or not.';
COMMENT ON COLUMN parse_runs.run_id IS 'Surrogate key of the parse run.';
COMMENT ON COLUMN parse_runs.snapshot_id IS 'The snapshot loaded by this run; NULL for a failed run (a failed page never becomes a snapshot).';
COMMENT ON COLUMN parse_runs.content_sha256 IS 'sha256 of the page content parsed (its key in the raw archive).';
COMMENT ON COLUMN parse_runs.source IS 'URL or file path of the page.';
COMMENT ON COLUMN parse_runs.parser_version IS 'parsers.PARSER_VERSION that produced (or failed to produce) the rows.';
COMMENT ON COLUMN parse_runs.started_at IS 'When parsing began.';
COMMENT ON COLUMN parse_runs.finished_at IS 'When the rows were loaded or the failure recorded.';
COMMENT ON COLUMN parse_runs.status IS 'ok (rows loaded) or failed (see error).';
COMMENT ON COLUMN parse_runs.boards IS 'Boards (tiers) the parse produced.';
COMMENT ON COLUMN parse_runs.rows_loaded IS 'Number of observations loaded by this run.';
COMMENT ON COLUMN parse_runs.warnings IS 'Warnings the parser raised (strategy disagreements, unknown creators, ignored columns).';
COMMENT ON COLUMN parse_runs.error IS 'Why the page was refused, for a failed run.';

CREATE TABLE boards (
    snapshot_id     BIGINT NOT NULL,
    parser_version  VARCHAR NOT NULL,
    tier            VARCHAR NOT NULL,
    row_count       INTEGER NOT NULL,
    PRIMARY KEY (snapshot_id, parser_version, tier)
);
COMMENT ON TABLE boards IS 'One row per board (tier) found in a snapshot by a parser version: the index the analyst views start from.';
COMMENT ON COLUMN boards.snapshot_id IS 'The snapshot.';
COMMENT ON COLUMN boards.parser_version IS 'Parser version that read this board.';
COMMENT ON COLUMN boards.tier IS 'small (4B-40B parameters) or tiny (<=4B).';
COMMENT ON COLUMN boards.row_count IS 'Number of models on the board.';

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
COMMENT ON TABLE observations IS 'One row per model per board per snapshot per parser version: everything a page said about a model.';
COMMENT ON COLUMN observations.snapshot_id IS 'The snapshot (page content) the row was read from.';
COMMENT ON COLUMN observations.parser_version IS 'Parser version that produced the row.';
COMMENT ON COLUMN observations.tier IS 'Board: small (4B-40B parameters) or tiny (<=4B).';
COMMENT ON COLUMN observations.rank IS 'Position on the board, 1 = highest intelligence index.';
COMMENT ON COLUMN observations.model IS 'Display name with its variant, e.g. "GLM-4.7-Flash (Reasoning)".';
COMMENT ON COLUMN observations.variant IS 'Trailing qualifier of the name (Reasoning, Non-reasoning, high, low, Vision); NULL when none.';
COMMENT ON COLUMN observations.model_key IS 'Stable key of the model across page formats: the name folded to lower-case letters, digits and dashes.';
COMMENT ON COLUMN observations.slug IS 'The site''s own slug (/models/<slug>) where the page had one; NULL for text renderings.';
COMMENT ON COLUMN observations.creator IS 'Organisation that made the model; NULL where a text rendering named a creator not in the registry.';
COMMENT ON COLUMN observations.intelligence_index IS 'Artificial Analysis Intelligence Index, 0-100 (exact from the payload, else as displayed, rounded).';
COMMENT ON COLUMN observations.intelligence_is_estimate IS 'True where the index is the site''s estimate pending independent evaluation; NULL where the page did not say.';
COMMENT ON COLUMN observations.total_params_b IS 'Total parameters, billions.';
COMMENT ON COLUMN observations.active_params_b IS 'Parameters active per token at inference, billions (= total for dense models).';
COMMENT ON COLUMN observations.is_moe IS 'Mixture of experts: fewer active than total parameters.';
COMMENT ON COLUMN observations.context_window_tokens IS 'Context window, tokens (exact from the payload, else as displayed to 3 significant digits).';
COMMENT ON COLUMN observations.blended_price_usd_per_1m IS 'Blended price, USD per 1M tokens (3:1 input:output); NULL where the site shows "-".';
COMMENT ON COLUMN observations.output_tokens_per_s IS 'Median output speed, tokens per second; NULL where not measured.';
COMMENT ON COLUMN observations.open_weights IS 'Weights downloadable: true where the board links them, false where it says "Not available".';
COMMENT ON COLUMN observations.weights_url IS 'Where the weights are published (usually Hugging Face); NULL where not given.';
COMMENT ON COLUMN observations.providers IS 'API providers named on the board; NULL where names are not shown (logos only, or unknown "?").';
COMMENT ON COLUMN observations.providers_more IS 'Providers beyond those shown ("+7 more" -> 7); NULL where unknown.';
COMMENT ON COLUMN observations.provider_count IS 'Total number of API providers hosting the model; NULL where unknown.';
COMMENT ON COLUMN observations.release_date IS 'Release date of the model, where the page gives it.';
COMMENT ON COLUMN observations.value_source IS 'Which parts of the page the values came from: payload, table, text-pipe, text-lines, jsonld (joined by +).';

CREATE TABLE evaluation_scores (
    snapshot_id     BIGINT NOT NULL,
    parser_version  VARCHAR NOT NULL,
    model_key       VARCHAR NOT NULL,
    evaluation      VARCHAR NOT NULL,
    score           DOUBLE NOT NULL,
    PRIMARY KEY (snapshot_id, parser_version, model_key, evaluation)
);
COMMENT ON TABLE evaluation_scores IS 'Per-evaluation scores of board models, long format (only pages with the flight payload carry them).';
COMMENT ON COLUMN evaluation_scores.snapshot_id IS 'The snapshot the score was read from.';
COMMENT ON COLUMN evaluation_scores.parser_version IS 'Parser version that read it.';
COMMENT ON COLUMN evaluation_scores.model_key IS 'Stable model key (see observations.model_key).';
COMMENT ON COLUMN evaluation_scores.evaluation IS 'Evaluation name as the site''s payload names it: gpqa, hle, scicode, lcr, ifbench, critpt, tau2, terminalbenchHard, gdpval, omniscience, mmmuPro, ...';
COMMENT ON COLUMN evaluation_scores.score IS 'Score as the site stores it: a fraction 0-1 for most evaluations; gdpval is an Elo rating, omniscience an index from -100 to 100, codingIndex and agenticIndex 0-100.';
