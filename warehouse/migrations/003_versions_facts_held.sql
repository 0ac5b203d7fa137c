-- Index versions, facts beyond the board's columns, every source record kept, boards held back.
-- Views are recreated with their columns first as before and new columns after them (the
-- public contract: add columns, never remove or rename). Dropping a view drops its comments,
-- so every comment of a recreated view is given again here.

ALTER TABLE boards ADD COLUMN index_version VARCHAR;
ALTER TABLE boards ADD COLUMN index_evaluations VARCHAR[];
ALTER TABLE boards ADD COLUMN carried_fields VARCHAR[];
COMMENT ON COLUMN boards.index_version IS 'Intelligence Index methodology version the page states (e.g. ''4.1''); NULL where it does not say.';
COMMENT ON COLUMN boards.index_evaluations IS 'The evaluations the page says that index version includes; NULL where it does not list them.';
COMMENT ON COLUMN boards.carried_fields IS 'Fields the forms this board was read from can carry at all (a text rendering has no weights URL); a field outside it is NULL for want of a form, not of a value. NULL for boards loaded before this was recorded.';

ALTER TABLE observations ADD COLUMN license_name VARCHAR;
ALTER TABLE observations ADD COLUMN commercial_use_restricted BOOLEAN;
ALTER TABLE observations ADD COLUMN openness_index DOUBLE;
ALTER TABLE observations ADD COLUMN input_price_usd_per_1m DOUBLE;
ALTER TABLE observations ADD COLUMN output_price_usd_per_1m DOUBLE;
ALTER TABLE observations ADD COLUMN time_to_first_token_s DOUBLE;
ALTER TABLE observations ADD COLUMN source_record JSON;
COMMENT ON COLUMN observations.license_name IS 'Licence of the weights as the site names it (e.g. ''Apache 2.0''); NULL where the page does not say.';
COMMENT ON COLUMN observations.commercial_use_restricted IS 'True where the licence restricts commercial use (the site''s ''Open Weights (Commercial Use Restricted)'', payload category commercial-license); false for a permissive licence; NULL where not said.';
COMMENT ON COLUMN observations.openness_index IS 'Artificial Analysis Openness Index, 0-100; NULL where the page does not give it.';
COMMENT ON COLUMN observations.input_price_usd_per_1m IS 'Price of input tokens, USD per 1M; NULL where the site shows ''-'' (0 in the payload).';
COMMENT ON COLUMN observations.output_price_usd_per_1m IS 'Price of output tokens, USD per 1M; NULL where the site shows ''-'' (0 in the payload).';
COMMENT ON COLUMN observations.time_to_first_token_s IS 'Median time to first token (first chunk), seconds; NULL where not measured.';
COMMENT ON COLUMN observations.source_record IS 'The whole record the row came from: the payload''s model object as the page had it, else the table row as {header: cell text}; NULL for text renderings. Query keys no column holds yet with ->> (e.g. source_record->>''knowledgeCutoffDate'').';
COMMENT ON COLUMN snapshots.capture_time_source IS 'Where captured_at came from: fetch, option (--captured-at), archive (metadata), filename, mtime, or web-archive (the capture time of a web archive''s copy, for backfills).';

CREATE TABLE held_boards (
    snapshot_id  BIGINT NOT NULL,
    tier         VARCHAR NOT NULL,
    reason       VARCHAR NOT NULL,
    held_at      TIMESTAMPTZ NOT NULL,
    accepted_at  TIMESTAMPTZ,
    PRIMARY KEY (snapshot_id, tier)
);
COMMENT ON TABLE held_boards IS 'Boards loaded but held back from every analyst view, export and the published copy because they shrank implausibly (a third or more fewer models than the board''s previous snapshot), until `aa-leaderboards accept` releases them.';
COMMENT ON COLUMN held_boards.snapshot_id IS 'The snapshot whose board is held.';
COMMENT ON COLUMN held_boards.tier IS 'The board: small or tiny.';
COMMENT ON COLUMN held_boards.reason IS 'Why it was held, with the counts.';
COMMENT ON COLUMN held_boards.held_at IS 'When the load held it.';
COMMENT ON COLUMN held_boards.accepted_at IS 'When `aa-leaderboards accept` released it into the views; NULL while held.';

-- The board's display rounding: three significant figures (262144 -> 262000, 27.78 -> 27.8).
CREATE MACRO round_3sig(x) AS CASE WHEN x IS NULL OR x = 0 THEN x
    ELSE round(x, (2 - floor(log10(abs(x))))::INTEGER) END;

DROP VIEW leaderboard_changes;
DROP MACRO TABLE leaderboard_as_of;
DROP VIEW leaderboard_latest;
DROP VIEW leaderboard_history;
DROP VIEW board_snapshots;

-- Each board's snapshots in capture order, with their neighbours; held boards are not here.
CREATE VIEW board_snapshots AS
SELECT
    b.tier,
    b.snapshot_id,
    b.parser_version,
    s.captured_at,
    b.row_count,
    row_number() OVER w AS board_seq,
    lag(b.snapshot_id) OVER w AS previous_snapshot_id,
    lag(s.captured_at) OVER w AS previous_captured_at,
    lead(s.captured_at) OVER w AS next_captured_at,
    b.index_version,
    last_value(b.index_version IGNORE NULLS) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS last_known_index_version,
    b.index_evaluations,
    b.carried_fields,
    lag(b.carried_fields) OVER w AS previous_carried_fields
FROM boards b
JOIN current_parser_versions v USING (snapshot_id, parser_version)
JOIN snapshots s USING (snapshot_id)
WHERE NOT EXISTS (SELECT 1 FROM held_boards h WHERE h.snapshot_id = b.snapshot_id AND h.tier = b.tier AND h.accepted_at IS NULL)
WINDOW w AS (PARTITION BY b.tier ORDER BY s.captured_at, b.snapshot_id);
COMMENT ON VIEW board_snapshots IS 'Every snapshot of each board in capture order, with the previous and next capture; boards held back (table held_boards) are left out until accepted.';
COMMENT ON COLUMN board_snapshots.tier IS 'Board: small (4B-40B parameters) or tiny (<=4B).';
COMMENT ON COLUMN board_snapshots.snapshot_id IS 'The snapshot.';
COMMENT ON COLUMN board_snapshots.parser_version IS 'Parser version whose rows the views use.';
COMMENT ON COLUMN board_snapshots.captured_at IS 'When the page was captured.';
COMMENT ON COLUMN board_snapshots.row_count IS 'Models on the board in this snapshot.';
COMMENT ON COLUMN board_snapshots.board_seq IS '1 for the board''s first snapshot, 2 for the next, ...';
COMMENT ON COLUMN board_snapshots.previous_snapshot_id IS 'The board''s snapshot before this one; NULL for the first.';
COMMENT ON COLUMN board_snapshots.previous_captured_at IS 'Capture time of the previous snapshot.';
COMMENT ON COLUMN board_snapshots.next_captured_at IS 'Capture time of the next snapshot; NULL for the newest.';
COMMENT ON COLUMN board_snapshots.index_version IS 'Intelligence Index version the page states for this board; NULL where it does not say.';
COMMENT ON COLUMN board_snapshots.last_known_index_version IS 'The version stated by the board''s latest earlier snapshot that stated one; NULL for none.';
COMMENT ON COLUMN board_snapshots.index_evaluations IS 'Evaluations the page says the index includes.';
COMMENT ON COLUMN board_snapshots.carried_fields IS 'Fields this snapshot''s forms can carry (NULL: not recorded, taken as all).';
COMMENT ON COLUMN board_snapshots.previous_carried_fields IS 'carried_fields of the previous snapshot.';

CREATE VIEW leaderboard_history AS
SELECT
    o.tier, o.rank, o.model, o.model_key, o.slug, o.creator,
    o.intelligence_index, o.intelligence_is_estimate,
    o.total_params_b, o.active_params_b, o.is_moe,
    o.context_window_tokens, o.blended_price_usd_per_1m, o.output_tokens_per_s,
    o.open_weights, o.weights_url, o.providers, o.providers_more,
    o.snapshot_id, bs.captured_at,
    o.variant, o.provider_count, o.release_date, o.value_source, o.parser_version,
    bs.index_version,
    o.license_name, o.commercial_use_restricted, o.openness_index,
    o.input_price_usd_per_1m, o.output_price_usd_per_1m, o.time_to_first_token_s,
    o.source_record
FROM observations o
JOIN board_snapshots bs USING (tier, snapshot_id, parser_version);
COMMENT ON VIEW leaderboard_history IS 'Every board in every snapshot (newest parser version of each; held boards left out), one row per model per board per snapshot. Compare intelligence_index only within one index_version.';
COMMENT ON COLUMN leaderboard_history.tier IS 'Board: small (4B-40B parameters) or tiny (<=4B).';
COMMENT ON COLUMN leaderboard_history.rank IS 'Position on the board, 1 = highest intelligence index.';
COMMENT ON COLUMN leaderboard_history.model IS 'Display name with its variant, e.g. ''GLM-4.7-Flash (Reasoning)''.';
COMMENT ON COLUMN leaderboard_history.model_key IS 'Stable key of the model across page formats (name folded to lower-case letters, digits and dashes).';
COMMENT ON COLUMN leaderboard_history.slug IS 'The site''s slug (/models/<slug>) where the page had one; NULL for text renderings.';
COMMENT ON COLUMN leaderboard_history.creator IS 'Organisation that made the model; NULL where unknown.';
COMMENT ON COLUMN leaderboard_history.intelligence_index IS 'Artificial Analysis Intelligence Index, 0-100 (exact where the page had the payload, else as displayed).';
COMMENT ON COLUMN leaderboard_history.intelligence_is_estimate IS 'True where the index is the site''s estimate pending independent evaluation; NULL where the page did not say.';
COMMENT ON COLUMN leaderboard_history.total_params_b IS 'Total parameters, billions.';
COMMENT ON COLUMN leaderboard_history.active_params_b IS 'Parameters active per token at inference, billions (= total for dense models).';
COMMENT ON COLUMN leaderboard_history.is_moe IS 'Mixture of experts: fewer active than total parameters.';
COMMENT ON COLUMN leaderboard_history.context_window_tokens IS 'Context window, tokens.';
COMMENT ON COLUMN leaderboard_history.blended_price_usd_per_1m IS 'Blended price, USD per 1M tokens (3:1 input:output); NULL where the site shows ''-''.';
COMMENT ON COLUMN leaderboard_history.output_tokens_per_s IS 'Median output speed, tokens per second; NULL where not measured.';
COMMENT ON COLUMN leaderboard_history.open_weights IS 'Weights downloadable: true where the board links them, false where it says ''Not available''.';
COMMENT ON COLUMN leaderboard_history.weights_url IS 'Where the weights are published (usually Hugging Face).';
COMMENT ON COLUMN leaderboard_history.providers IS 'API providers named on the board (list); NULL where names are not shown.';
COMMENT ON COLUMN leaderboard_history.providers_more IS 'Providers beyond those named (''+7 more'' -> 7); NULL where unknown.';
COMMENT ON COLUMN leaderboard_history.snapshot_id IS 'The snapshot the row comes from (see table snapshots).';
COMMENT ON COLUMN leaderboard_history.captured_at IS 'When that snapshot''s page was captured.';
COMMENT ON COLUMN leaderboard_history.variant IS 'Trailing qualifier of the name (Reasoning, Non-reasoning, high, low, Vision); NULL when none.';
COMMENT ON COLUMN leaderboard_history.provider_count IS 'Total number of API providers hosting the model; NULL where unknown.';
COMMENT ON COLUMN leaderboard_history.release_date IS 'Release date of the model, where the page gives it.';
COMMENT ON COLUMN leaderboard_history.value_source IS 'Parts of the page the values came from: payload, table, text-pipe, text-lines, jsonld (joined by +).';
COMMENT ON COLUMN leaderboard_history.parser_version IS 'Parser version that produced the row (the snapshot''s newest).';
COMMENT ON COLUMN leaderboard_history.index_version IS 'Intelligence Index methodology version the page states for this board (e.g. ''4.1''); index values of different versions are on different scales. NULL where the page does not say.';
COMMENT ON COLUMN leaderboard_history.license_name IS 'Licence of the weights as the site names it (e.g. ''Apache 2.0''); NULL where the page does not say.';
COMMENT ON COLUMN leaderboard_history.commercial_use_restricted IS 'True where the licence restricts commercial use (the site''s ''Open Weights (Commercial Use Restricted)'', payload category commercial-license); false for a permissive licence; NULL where not said.';
COMMENT ON COLUMN leaderboard_history.openness_index IS 'Artificial Analysis Openness Index, 0-100; NULL where the page does not give it.';
COMMENT ON COLUMN leaderboard_history.input_price_usd_per_1m IS 'Price of input tokens, USD per 1M; NULL where the site shows ''-'' (0 in the payload).';
COMMENT ON COLUMN leaderboard_history.output_price_usd_per_1m IS 'Price of output tokens, USD per 1M; NULL where the site shows ''-'' (0 in the payload).';
COMMENT ON COLUMN leaderboard_history.time_to_first_token_s IS 'Median time to first token (first chunk), seconds; NULL where not measured.';
COMMENT ON COLUMN leaderboard_history.source_record IS 'The whole record the row came from: the payload''s model object as the page had it, else the table row as {header: cell text}; NULL for text renderings. Query keys no column holds yet with ->> (e.g. source_record->>''knowledgeCutoffDate'').';

-- The newest snapshot of each board.
CREATE VIEW leaderboard_latest AS
WITH latest AS (
    SELECT tier, max_by(snapshot_id, (captured_at, snapshot_id)) AS snapshot_id
    FROM board_snapshots
    GROUP BY tier
)
SELECT h.* FROM leaderboard_history h JOIN latest USING (tier, snapshot_id);
COMMENT ON VIEW leaderboard_latest IS 'Each board as it stands in its newest snapshot: the columns of leaderboard_history.';
COMMENT ON COLUMN leaderboard_latest.tier IS 'Board: small (4B-40B parameters) or tiny (<=4B).';
COMMENT ON COLUMN leaderboard_latest.rank IS 'Position on the board, 1 = highest intelligence index.';
COMMENT ON COLUMN leaderboard_latest.model IS 'Display name with its variant, e.g. ''GLM-4.7-Flash (Reasoning)''.';
COMMENT ON COLUMN leaderboard_latest.model_key IS 'Stable key of the model across page formats (name folded to lower-case letters, digits and dashes).';
COMMENT ON COLUMN leaderboard_latest.slug IS 'The site''s slug (/models/<slug>) where the page had one; NULL for text renderings.';
COMMENT ON COLUMN leaderboard_latest.creator IS 'Organisation that made the model; NULL where unknown.';
COMMENT ON COLUMN leaderboard_latest.intelligence_index IS 'Artificial Analysis Intelligence Index, 0-100 (exact where the page had the payload, else as displayed).';
COMMENT ON COLUMN leaderboard_latest.intelligence_is_estimate IS 'True where the index is the site''s estimate pending independent evaluation; NULL where the page did not say.';
COMMENT ON COLUMN leaderboard_latest.total_params_b IS 'Total parameters, billions.';
COMMENT ON COLUMN leaderboard_latest.active_params_b IS 'Parameters active per token at inference, billions (= total for dense models).';
COMMENT ON COLUMN leaderboard_latest.is_moe IS 'Mixture of experts: fewer active than total parameters.';
COMMENT ON COLUMN leaderboard_latest.context_window_tokens IS 'Context window, tokens.';
COMMENT ON COLUMN leaderboard_latest.blended_price_usd_per_1m IS 'Blended price, USD per 1M tokens (3:1 input:output); NULL where the site shows ''-''.';
COMMENT ON COLUMN leaderboard_latest.output_tokens_per_s IS 'Median output speed, tokens per second; NULL where not measured.';
COMMENT ON COLUMN leaderboard_latest.open_weights IS 'Weights downloadable: true where the board links them, false where it says ''Not available''.';
COMMENT ON COLUMN leaderboard_latest.weights_url IS 'Where the weights are published (usually Hugging Face).';
COMMENT ON COLUMN leaderboard_latest.providers IS 'API providers named on the board (list); NULL where names are not shown.';
COMMENT ON COLUMN leaderboard_latest.providers_more IS 'Providers beyond those named (''+7 more'' -> 7); NULL where unknown.';
COMMENT ON COLUMN leaderboard_latest.snapshot_id IS 'The snapshot the row comes from (see table snapshots).';
COMMENT ON COLUMN leaderboard_latest.captured_at IS 'When that snapshot''s page was captured.';
COMMENT ON COLUMN leaderboard_latest.variant IS 'Trailing qualifier of the name (Reasoning, Non-reasoning, high, low, Vision); NULL when none.';
COMMENT ON COLUMN leaderboard_latest.provider_count IS 'Total number of API providers hosting the model; NULL where unknown.';
COMMENT ON COLUMN leaderboard_latest.release_date IS 'Release date of the model, where the page gives it.';
COMMENT ON COLUMN leaderboard_latest.value_source IS 'Parts of the page the values came from: payload, table, text-pipe, text-lines, jsonld (joined by +).';
COMMENT ON COLUMN leaderboard_latest.parser_version IS 'Parser version that produced the row (the snapshot''s newest).';
COMMENT ON COLUMN leaderboard_latest.index_version IS 'Intelligence Index methodology version the page states for this board (e.g. ''4.1''); index values of different versions are on different scales. NULL where the page does not say.';
COMMENT ON COLUMN leaderboard_latest.license_name IS 'Licence of the weights as the site names it (e.g. ''Apache 2.0''); NULL where the page does not say.';
COMMENT ON COLUMN leaderboard_latest.commercial_use_restricted IS 'True where the licence restricts commercial use (the site''s ''Open Weights (Commercial Use Restricted)'', payload category commercial-license); false for a permissive licence; NULL where not said.';
COMMENT ON COLUMN leaderboard_latest.openness_index IS 'Artificial Analysis Openness Index, 0-100; NULL where the page does not give it.';
COMMENT ON COLUMN leaderboard_latest.input_price_usd_per_1m IS 'Price of input tokens, USD per 1M; NULL where the site shows ''-'' (0 in the payload).';
COMMENT ON COLUMN leaderboard_latest.output_price_usd_per_1m IS 'Price of output tokens, USD per 1M; NULL where the site shows ''-'' (0 in the payload).';
COMMENT ON COLUMN leaderboard_latest.time_to_first_token_s IS 'Median time to first token (first chunk), seconds; NULL where not measured.';
COMMENT ON COLUMN leaderboard_latest.source_record IS 'The whole record the row came from: the payload''s model object as the page had it, else the table row as {header: cell text}; NULL for text renderings. Query keys no column holds yet with ->> (e.g. source_record->>''knowledgeCutoffDate'').';

-- Each board as it stood at ts: its latest snapshot captured at or before ts.
CREATE MACRO leaderboard_as_of(ts) AS TABLE
WITH chosen AS (
    SELECT tier, max_by(snapshot_id, (captured_at, snapshot_id)) AS snapshot_id
    FROM board_snapshots
    WHERE captured_at <= CAST(ts AS TIMESTAMPTZ)
    GROUP BY tier
)
SELECT h.* FROM leaderboard_history h JOIN chosen USING (tier, snapshot_id);
COMMENT ON MACRO TABLE leaderboard_as_of IS 'leaderboard_as_of(ts): each board as it stood at timestamp ts (its latest snapshot captured at or before ts); the columns of leaderboard_latest.';

-- Events between consecutive snapshots of each board. A value that appears where the earlier
-- snapshot's form could not carry its field is 'known', not 'changed'; one that disappears
-- because the later form cannot carry it is no event at all, nor is a displayed value and an
-- exact one that agree to the display's precision (42 shown, 41.8 exact). A new index version is one
-- 'methodology' row per board, and every event across it is flagged.
CREATE VIEW leaderboard_changes AS
WITH pairs AS (
    SELECT tier, snapshot_id, previous_snapshot_id, captured_at, previous_captured_at, carried_fields, previous_carried_fields,
           index_version, last_known_index_version,
           coalesce(index_version <> last_known_index_version, false) AS new_methodology
    FROM board_snapshots
    WHERE previous_snapshot_id IS NOT NULL
),
cur AS (
    SELECT p.tier, p.snapshot_id, p.previous_snapshot_id, p.captured_at, p.previous_captured_at, p.carried_fields,
           p.previous_carried_fields, p.new_methodology, h.* EXCLUDE (tier, snapshot_id, captured_at, index_version)
    FROM pairs p JOIN leaderboard_history h USING (tier, snapshot_id)
),
prev AS (
    SELECT p.tier, p.snapshot_id, p.previous_snapshot_id, p.captured_at, p.previous_captured_at, p.new_methodology,
           h.* EXCLUDE (tier, snapshot_id, captured_at, index_version)
    FROM pairs p JOIN leaderboard_history h ON h.tier = p.tier AND h.snapshot_id = p.previous_snapshot_id
),
methodology AS (
    SELECT tier, captured_at, NULL::VARCHAR AS model, NULL::VARCHAR AS model_key, 'methodology' AS change,
           'index_version' AS column_name, last_known_index_version AS old_value, index_version AS new_value,
           snapshot_id, previous_snapshot_id, previous_captured_at, NULL::INTEGER AS old_rank, NULL::INTEGER AS new_rank,
           true AS across_methodology_change
    FROM pairs WHERE new_methodology
),
entered AS (
    SELECT c.tier, c.captured_at, c.model, c.model_key, 'entered' AS change, NULL::VARCHAR AS column_name,
           NULL::VARCHAR AS old_value, NULL::VARCHAR AS new_value,
           c.snapshot_id, c.previous_snapshot_id, c.previous_captured_at, NULL::INTEGER AS old_rank, c.rank AS new_rank,
           c.new_methodology AS across_methodology_change
    FROM cur c ANTI JOIN prev p USING (tier, snapshot_id, model_key)
),
left_board AS (
    SELECT p.tier, p.captured_at, p.model, p.model_key, 'left' AS change, NULL::VARCHAR, NULL::VARCHAR, NULL::VARCHAR,
           p.snapshot_id, p.previous_snapshot_id, p.previous_captured_at, p.rank, NULL::INTEGER, p.new_methodology
    FROM prev p ANTI JOIN cur c USING (tier, snapshot_id, model_key)
),
both_sides AS (
    SELECT c.tier, c.captured_at, c.model, c.model_key, c.snapshot_id, c.previous_snapshot_id, c.previous_captured_at,
           p.rank AS old_rank, c.rank AS new_rank, c.new_methodology, c.carried_fields, c.previous_carried_fields,
           -- Exactly one side exact (from the payload), the other as the board displays it.
           contains(p.value_source, 'payload') <> contains(c.value_source, 'payload') AS one_side_displayed,
           unnest([
               {'column_name': 'model', 'old_value': p.model, 'new_value': c.model},
               {'column_name': 'creator', 'old_value': p.creator, 'new_value': c.creator},
               {'column_name': 'intelligence_index', 'old_value': p.intelligence_index::VARCHAR, 'new_value': c.intelligence_index::VARCHAR},
               {'column_name': 'intelligence_is_estimate', 'old_value': p.intelligence_is_estimate::VARCHAR, 'new_value': c.intelligence_is_estimate::VARCHAR},
               {'column_name': 'total_params_b', 'old_value': p.total_params_b::VARCHAR, 'new_value': c.total_params_b::VARCHAR},
               {'column_name': 'active_params_b', 'old_value': p.active_params_b::VARCHAR, 'new_value': c.active_params_b::VARCHAR},
               {'column_name': 'is_moe', 'old_value': p.is_moe::VARCHAR, 'new_value': c.is_moe::VARCHAR},
               {'column_name': 'context_window_tokens', 'old_value': p.context_window_tokens::VARCHAR, 'new_value': c.context_window_tokens::VARCHAR},
               {'column_name': 'blended_price_usd_per_1m', 'old_value': p.blended_price_usd_per_1m::VARCHAR, 'new_value': c.blended_price_usd_per_1m::VARCHAR},
               {'column_name': 'output_tokens_per_s', 'old_value': p.output_tokens_per_s::VARCHAR, 'new_value': c.output_tokens_per_s::VARCHAR},
               {'column_name': 'open_weights', 'old_value': p.open_weights::VARCHAR, 'new_value': c.open_weights::VARCHAR},
               {'column_name': 'weights_url', 'old_value': p.weights_url, 'new_value': c.weights_url},
               {'column_name': 'providers', 'old_value': p.providers::VARCHAR, 'new_value': c.providers::VARCHAR},
               {'column_name': 'providers_more', 'old_value': p.providers_more::VARCHAR, 'new_value': c.providers_more::VARCHAR},
               {'column_name': 'provider_count', 'old_value': p.provider_count::VARCHAR, 'new_value': c.provider_count::VARCHAR},
               {'column_name': 'release_date', 'old_value': p.release_date::VARCHAR, 'new_value': c.release_date::VARCHAR},
               {'column_name': 'license_name', 'old_value': p.license_name, 'new_value': c.license_name},
               {'column_name': 'commercial_use_restricted', 'old_value': p.commercial_use_restricted::VARCHAR, 'new_value': c.commercial_use_restricted::VARCHAR},
               {'column_name': 'openness_index', 'old_value': p.openness_index::VARCHAR, 'new_value': c.openness_index::VARCHAR},
               {'column_name': 'input_price_usd_per_1m', 'old_value': p.input_price_usd_per_1m::VARCHAR, 'new_value': c.input_price_usd_per_1m::VARCHAR},
               {'column_name': 'output_price_usd_per_1m', 'old_value': p.output_price_usd_per_1m::VARCHAR, 'new_value': c.output_price_usd_per_1m::VARCHAR},
               {'column_name': 'time_to_first_token_s', 'old_value': p.time_to_first_token_s::VARCHAR, 'new_value': c.time_to_first_token_s::VARCHAR}
           ]) AS delta
    FROM cur c JOIN prev p USING (tier, snapshot_id, model_key)
),
judged AS (
    SELECT *,
           delta.column_name = 'model' OR carried_fields IS NULL OR list_contains(carried_fields, delta.column_name) AS now_carried,
           delta.column_name = 'model' OR previous_carried_fields IS NULL
               OR list_contains(previous_carried_fields, delta.column_name) AS before_carried,
           -- An exact value and a displayed one that agree to the display's precision are one value.
           one_side_displayed AND CASE delta.column_name
               WHEN 'intelligence_index' THEN round(TRY_CAST(delta.old_value AS DOUBLE)) = round(TRY_CAST(delta.new_value AS DOUBLE))
               WHEN 'output_tokens_per_s' THEN round(TRY_CAST(delta.old_value AS DOUBLE)) = round(TRY_CAST(delta.new_value AS DOUBLE))
               WHEN 'context_window_tokens' THEN round_3sig(TRY_CAST(delta.old_value AS DOUBLE)) = round_3sig(TRY_CAST(delta.new_value AS DOUBLE))
               WHEN 'total_params_b' THEN round_3sig(TRY_CAST(delta.old_value AS DOUBLE)) = round_3sig(TRY_CAST(delta.new_value AS DOUBLE))
               WHEN 'active_params_b' THEN round_3sig(TRY_CAST(delta.old_value AS DOUBLE)) = round_3sig(TRY_CAST(delta.new_value AS DOUBLE))
               WHEN 'blended_price_usd_per_1m' THEN abs(TRY_CAST(delta.old_value AS DOUBLE) - TRY_CAST(delta.new_value AS DOUBLE)) < 0.051
               WHEN 'model' THEN lower(delta.old_value) = lower(delta.new_value)
               ELSE false END AS display_rounding
    FROM both_sides
    WHERE delta.old_value IS DISTINCT FROM delta.new_value
),
changed AS (
    SELECT tier, captured_at, model, model_key,
           CASE WHEN delta.old_value IS NULL AND NOT before_carried THEN 'known' ELSE 'changed' END AS change,
           delta.column_name, delta.old_value, delta.new_value,
           snapshot_id, previous_snapshot_id, previous_captured_at, old_rank, new_rank, new_methodology
    FROM judged
    WHERE NOT (delta.new_value IS NULL AND NOT now_carried) AND NOT coalesce(display_rounding, false)
)
SELECT * FROM methodology
UNION ALL SELECT * FROM entered
UNION ALL SELECT * FROM left_board
UNION ALL SELECT * FROM changed;
COMMENT ON VIEW leaderboard_changes IS 'Per board, between each pair of consecutive snapshots: who entered, who left, every value that changed or became known (one row per column), and a methodology row where the Intelligence Index version changes.';
COMMENT ON COLUMN leaderboard_changes.tier IS 'Board: small (4B-40B parameters) or tiny (<=4B).';
COMMENT ON COLUMN leaderboard_changes.captured_at IS 'Capture time of the snapshot in which the change was first seen.';
COMMENT ON COLUMN leaderboard_changes.model IS 'Display name of the model (as in the newer snapshot, or the older one for ''left''); NULL for a methodology row.';
COMMENT ON COLUMN leaderboard_changes.model_key IS 'Stable key of the model across page formats (name folded to lower-case letters, digits and dashes).; NULL for a methodology row.';
COMMENT ON COLUMN leaderboard_changes.change IS '''entered'' (on the board now, not in the previous snapshot), ''left'' (the reverse), ''changed'' (one value differs), ''known'' (a value the previous snapshot''s form could not carry, now shown) or ''methodology'' (a new Intelligence Index version; model NULL).';
COMMENT ON COLUMN leaderboard_changes.column_name IS 'For ''changed'' and ''known'': the column; ''index_version'' for ''methodology''; NULL otherwise.';
COMMENT ON COLUMN leaderboard_changes.old_value IS 'For ''changed'': the value in the previous snapshot, as text (NULL for ''known''); for ''methodology'': the previous index version.';
COMMENT ON COLUMN leaderboard_changes.new_value IS 'For ''changed'' and ''known'': the value in this snapshot, as text; for ''methodology'': the new index version.';
COMMENT ON COLUMN leaderboard_changes.snapshot_id IS 'The newer snapshot of the pair.';
COMMENT ON COLUMN leaderboard_changes.previous_snapshot_id IS 'The older snapshot of the pair.';
COMMENT ON COLUMN leaderboard_changes.previous_captured_at IS 'Capture time of the older snapshot.';
COMMENT ON COLUMN leaderboard_changes.old_rank IS 'Rank in the older snapshot (NULL for ''entered'').';
COMMENT ON COLUMN leaderboard_changes.new_rank IS 'Rank in the newer snapshot (NULL for ''left'').';
COMMENT ON COLUMN leaderboard_changes.across_methodology_change IS 'True where this snapshot states a different Intelligence Index version than the board''s last one that stated any: index values on either side are not comparable.';
