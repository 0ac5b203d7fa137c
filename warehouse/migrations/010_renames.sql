-- A rename is a change: the model keeps its key (migration 009, warehouse/identity.py) and its new
-- name is a 'renamed' row of model_value_changes, so of leaderboard_changes and board_events, and
-- model_versions opens a span with the new name. Views are recreated whole, every comment given again.

-- leaderboard_history (so leaderboard_latest and leaderboard_as_of) gains record_id, last.
CREATE OR REPLACE VIEW leaderboard_history AS
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
    o.source_record,
    o.record_id
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
COMMENT ON COLUMN leaderboard_history.record_id IS 'The site''s id of the model''s record (payload pages; NULL for tables, text renderings and rows loaded before it was kept): with the slug, what tells one model across the site''s renames.';

-- leaderboard_latest is recreated so that it has the new column too (a view keeps the columns it was made with).
CREATE OR REPLACE VIEW leaderboard_latest AS
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

CREATE OR REPLACE VIEW model_value_changes AS
WITH pairs AS (
    SELECT tier, snapshot_id, previous_snapshot_id, captured_at, previous_captured_at, carried_fields, previous_carried_fields,
           index_version, last_known_index_version,
           coalesce(index_version <> last_known_index_version, false) AS new_methodology
    FROM board_snapshots
    WHERE previous_snapshot_id IS NOT NULL
),
both_sides AS (
    SELECT p.tier, p.captured_at, c.model, c.model_key, p.snapshot_id, p.previous_snapshot_id, p.previous_captured_at,
           o.rank AS old_rank, c.rank AS new_rank, p.new_methodology, p.carried_fields, p.previous_carried_fields,
           -- Exactly one side exact (from the payload), the other as the board displays it.
           contains(o.value_source, 'payload') <> contains(c.value_source, 'payload') AS one_side_displayed,
           unnest([
               {'position': 1, 'column_name': 'model', 'old_value': o.model, 'new_value': c.model},
               {'position': 2, 'column_name': 'creator', 'old_value': o.creator, 'new_value': c.creator},
               {'position': 3, 'column_name': 'intelligence_index', 'old_value': o.intelligence_index::VARCHAR, 'new_value': c.intelligence_index::VARCHAR},
               {'position': 4, 'column_name': 'intelligence_is_estimate', 'old_value': o.intelligence_is_estimate::VARCHAR, 'new_value': c.intelligence_is_estimate::VARCHAR},
               {'position': 5, 'column_name': 'total_params_b', 'old_value': o.total_params_b::VARCHAR, 'new_value': c.total_params_b::VARCHAR},
               {'position': 6, 'column_name': 'active_params_b', 'old_value': o.active_params_b::VARCHAR, 'new_value': c.active_params_b::VARCHAR},
               {'position': 7, 'column_name': 'is_moe', 'old_value': o.is_moe::VARCHAR, 'new_value': c.is_moe::VARCHAR},
               {'position': 8, 'column_name': 'context_window_tokens', 'old_value': o.context_window_tokens::VARCHAR, 'new_value': c.context_window_tokens::VARCHAR},
               {'position': 9, 'column_name': 'blended_price_usd_per_1m', 'old_value': o.blended_price_usd_per_1m::VARCHAR, 'new_value': c.blended_price_usd_per_1m::VARCHAR},
               {'position': 10, 'column_name': 'output_tokens_per_s', 'old_value': o.output_tokens_per_s::VARCHAR, 'new_value': c.output_tokens_per_s::VARCHAR},
               {'position': 11, 'column_name': 'open_weights', 'old_value': o.open_weights::VARCHAR, 'new_value': c.open_weights::VARCHAR},
               {'position': 12, 'column_name': 'weights_url', 'old_value': o.weights_url, 'new_value': c.weights_url},
               {'position': 13, 'column_name': 'providers', 'old_value': o.providers::VARCHAR, 'new_value': c.providers::VARCHAR},
               {'position': 14, 'column_name': 'providers_more', 'old_value': o.providers_more::VARCHAR, 'new_value': c.providers_more::VARCHAR},
               {'position': 15, 'column_name': 'provider_count', 'old_value': o.provider_count::VARCHAR, 'new_value': c.provider_count::VARCHAR},
               {'position': 16, 'column_name': 'release_date', 'old_value': o.release_date::VARCHAR, 'new_value': c.release_date::VARCHAR},
               {'position': 17, 'column_name': 'license_name', 'old_value': o.license_name, 'new_value': c.license_name},
               {'position': 18, 'column_name': 'commercial_use_restricted', 'old_value': o.commercial_use_restricted::VARCHAR, 'new_value': c.commercial_use_restricted::VARCHAR},
               {'position': 19, 'column_name': 'openness_index', 'old_value': o.openness_index::VARCHAR, 'new_value': c.openness_index::VARCHAR},
               {'position': 20, 'column_name': 'input_price_usd_per_1m', 'old_value': o.input_price_usd_per_1m::VARCHAR, 'new_value': c.input_price_usd_per_1m::VARCHAR},
               {'position': 21, 'column_name': 'output_price_usd_per_1m', 'old_value': o.output_price_usd_per_1m::VARCHAR, 'new_value': c.output_price_usd_per_1m::VARCHAR},
               {'position': 22, 'column_name': 'time_to_first_token_s', 'old_value': o.time_to_first_token_s::VARCHAR, 'new_value': c.time_to_first_token_s::VARCHAR},
               -- The board's index version, where it changes: every value of the model is now on
               -- another scale. A page that names no version changes nothing (it keeps the last one).
               {'position': 23, 'column_name': 'index_version',
                'old_value': CASE WHEN p.new_methodology THEN p.last_known_index_version END,
                'new_value': CASE WHEN p.new_methodology THEN p.index_version END}
           ]) AS delta
    FROM pairs p
    JOIN leaderboard_history c ON c.tier = p.tier AND c.snapshot_id = p.snapshot_id
    JOIN leaderboard_history o ON o.tier = p.tier AND o.snapshot_id = p.previous_snapshot_id AND o.model_key = c.model_key
),
judged AS (
    SELECT *,
           delta.column_name IN ('model', 'index_version') OR carried_fields IS NULL
               OR list_contains(carried_fields, delta.column_name) AS now_carried,
           delta.column_name IN ('model', 'index_version') OR previous_carried_fields IS NULL
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
)
SELECT tier, captured_at, model, model_key,
       CASE WHEN delta.column_name = 'model' THEN 'renamed'
            WHEN delta.old_value IS NULL AND NOT before_carried THEN 'known' ELSE 'changed' END AS change,
       delta.column_name AS column_name, delta.old_value AS old_value, delta.new_value AS new_value,
       snapshot_id, previous_snapshot_id, previous_captured_at, old_rank, new_rank,
       new_methodology AS across_methodology_change,
       delta.position AS column_position
FROM judged
-- A value gone because the later form cannot carry its field is no event; nor is display rounding.
WHERE NOT (delta.new_value IS NULL AND NOT now_carried) AND NOT coalesce(display_rounding, false);
COMMENT ON VIEW model_value_changes IS 'The one definition of a changed value, used by leaderboard_changes (its ''changed'' and ''known'' rows) and model_versions (a new version exactly where a model has a row here): per board, between consecutive snapshots, each value of a model on both that differs beyond the board''s display precision, one row per column; index_version rows where the board''s Intelligence Index version changes.';
COMMENT ON COLUMN model_value_changes.tier IS 'Board: small (4B-40B parameters) or tiny (<=4B).';
COMMENT ON COLUMN model_value_changes.captured_at IS 'Capture time of the snapshot in which the change was first seen.';
COMMENT ON COLUMN model_value_changes.model IS 'Display name of the model in the newer snapshot.';
COMMENT ON COLUMN model_value_changes.model_key IS 'The model''s key, given when it was first seen and kept across the site''s renames (table model_identities).';
COMMENT ON COLUMN model_value_changes.change IS '''renamed'' (the model''s name: the site renamed it, and it keeps its model_key), ''changed'' (the value differs) or ''known'' (a value the previous snapshot''s form could not carry, now shown).';
COMMENT ON COLUMN model_value_changes.column_name IS 'The column whose value changed (a column of leaderboard_history, or index_version).';
COMMENT ON COLUMN model_value_changes.old_value IS 'The value in the previous snapshot, as text; NULL for ''known''.';
COMMENT ON COLUMN model_value_changes.new_value IS 'The value in this snapshot, as text.';
COMMENT ON COLUMN model_value_changes.snapshot_id IS 'The newer snapshot of the pair.';
COMMENT ON COLUMN model_value_changes.previous_snapshot_id IS 'The older snapshot of the pair.';
COMMENT ON COLUMN model_value_changes.previous_captured_at IS 'Capture time of the older snapshot.';
COMMENT ON COLUMN model_value_changes.old_rank IS 'Rank in the older snapshot.';
COMMENT ON COLUMN model_value_changes.new_rank IS 'Rank in the newer snapshot.';
COMMENT ON COLUMN model_value_changes.across_methodology_change IS 'True where this snapshot states a different Intelligence Index version than the board''s last one that stated any: index values on either side are not comparable.';
COMMENT ON COLUMN model_value_changes.column_position IS 'Order of the column in model_versions.changed_columns (1 = model, 23 = index_version).';

COMMENT ON COLUMN leaderboard_changes.change IS '''entered'' (on the board now, not in the previous snapshot), ''left'' (the reverse), ''renamed'' (the site renamed the model, which keeps its model_key; column_name is model, old_value and new_value the names), ''changed'' (one value differs beyond the board''s display precision), ''known'' (a value the previous snapshot''s form could not carry, now shown) or ''methodology'' (a new Intelligence Index version; model NULL, and each model on both sides also has a ''changed'' index_version row).';
COMMENT ON COLUMN leaderboard_changes.model_key IS 'The model''s key, given when it was first seen and kept across the site''s renames (table model_identities); NULL for a methodology row.';
COMMENT ON COLUMN model_versions.model_key IS 'The model''s key, given when it was first seen and kept across the site''s renames (table model_identities).';
COMMENT ON COLUMN model_versions.model IS 'Display name with its variant in this span, e.g. ''GLM-4.7-Flash (Reasoning)'': a rename opens a new span.';

CREATE OR REPLACE VIEW board_events AS
WITH versions AS (
    SELECT tier, snapshot_id, index_version FROM board_snapshots
),
changes AS (
    SELECT c.tier, c.snapshot_id, c.previous_snapshot_id, c.captured_at,
           CASE WHEN c.change IN ('entered', 'left', 'methodology', 'renamed') THEN c.change
                WHEN c.column_name = 'intelligence_index' THEN 'index_change'
                ELSE 'price_change' END AS kind,
           c.model, c.model_key, c.column_name, c.old_value, c.new_value, c.old_rank, c.new_rank,
           c.across_methodology_change, NULL::VARCHAR AS detail
    FROM leaderboard_changes c
    WHERE c.change IN ('entered', 'left', 'methodology', 'renamed')
       OR (c.change = 'changed' AND c.column_name = 'blended_price_usd_per_1m')
       -- Within one index version only: across a re-basing the scales differ, and the
       -- 'methodology' event says so once for the board.
       OR (c.change = 'changed' AND c.column_name = 'intelligence_index' AND NOT c.across_methodology_change
           AND abs(TRY_CAST(c.new_value AS DOUBLE) - TRY_CAST(c.old_value AS DOUBLE)) >= 1)
),
firsts AS (
    SELECT tier, snapshot_id, model, model_key FROM leaderboard_history WHERE rank = 1
),
new_leader AS (
    SELECT s.tier, s.snapshot_id, s.previous_snapshot_id, s.captured_at, 'new_leader' AS kind,
           cur.model, cur.model_key, NULL::VARCHAR AS column_name, prev.model AS old_value, cur.model AS new_value,
           was.rank AS old_rank, 1 AS new_rank,
           coalesce(s.index_version <> s.last_known_index_version, false) AS across_methodology_change,
           NULL::VARCHAR AS detail
    FROM board_snapshots s
    JOIN firsts cur ON cur.tier = s.tier AND cur.snapshot_id = s.snapshot_id
    JOIN firsts prev ON prev.tier = s.tier AND prev.snapshot_id = s.previous_snapshot_id
    LEFT JOIN leaderboard_history was ON was.tier = s.tier AND was.snapshot_id = s.previous_snapshot_id
                                     AND was.model_key = cur.model_key
    WHERE cur.model_key <> prev.model_key
),
held AS (
    SELECT h.tier, h.snapshot_id, NULL::BIGINT AS previous_snapshot_id, s.captured_at, 'held' AS kind,
           NULL::VARCHAR AS model, NULL::VARCHAR AS model_key, NULL::VARCHAR AS column_name,
           NULL::VARCHAR AS old_value, NULL::VARCHAR AS new_value, NULL::INTEGER AS old_rank, NULL::INTEGER AS new_rank,
           NULL::BOOLEAN AS across_methodology_change, h.reason AS detail
    FROM held_boards h JOIN snapshots s USING (snapshot_id)
),
everything AS (
    SELECT * FROM changes
    UNION ALL SELECT * FROM new_leader
    UNION ALL SELECT * FROM held
)
SELECT e.tier || ':' || left(s.content_sha256, 16) || ':' || e.kind || ':' || coalesce(e.model_key, '') || ':'
           || coalesce(e.column_name, '') AS event_id,
       e.tier, e.snapshot_id, e.previous_snapshot_id, s.content_sha256, e.captured_at, e.kind, e.model, e.model_key,
       e.column_name, e.old_value, e.new_value, e.old_rank, e.new_rank, v.index_version, e.across_methodology_change,
       e.detail
FROM everything e
JOIN snapshots s USING (snapshot_id)
LEFT JOIN versions v ON v.tier = e.tier AND v.snapshot_id = e.snapshot_id;
COMMENT ON VIEW board_events IS 'The events worth telling, per board and snapshot, derived from leaderboard_changes and held_boards: a model entered, left or was renamed, the Intelligence Index moved by at least 1 point within one index version, the blended price changed, a new first place, a methodology change, a board held back. The events table records each the first time a run saw it.';
COMMENT ON COLUMN board_events.event_id IS 'Stable id: board, the snapshot''s content hash (16 hex digits), kind, model key and column, joined by '':''. The same event has the same id in any warehouse built from the same pages.';
COMMENT ON COLUMN board_events.tier IS 'Board: small (4B-40B parameters) or tiny (<=4B).';
COMMENT ON COLUMN board_events.snapshot_id IS 'The snapshot in which the event was seen.';
COMMENT ON COLUMN board_events.previous_snapshot_id IS 'The board''s snapshot it is compared with; NULL for a held board.';
COMMENT ON COLUMN board_events.content_sha256 IS 'sha256 of the snapshot''s page content (its key in the raw archive).';
COMMENT ON COLUMN board_events.captured_at IS 'Capture time of the snapshot.';
COMMENT ON COLUMN board_events.kind IS 'entered, left, renamed (the site renamed the model: old_value and new_value are its names), index_change (at least 1 point, same index version), price_change (blended price, including to or from unknown), new_leader, methodology (a new Intelligence Index version) or held (the board broke its contract with its last board, or shrank implausibly, and is kept out of the views).';
COMMENT ON COLUMN board_events.model IS 'Display name of the model (the new first place for new_leader); NULL for methodology and held.';
COMMENT ON COLUMN board_events.model_key IS 'Stable key of the model; NULL for methodology and held.';
COMMENT ON COLUMN board_events.column_name IS 'intelligence_index, blended_price_usd_per_1m or index_version, for the kinds that compare a value; NULL otherwise.';
COMMENT ON COLUMN board_events.old_value IS 'The value before, as text (the previous first place''s name for new_leader); NULL where unknown.';
COMMENT ON COLUMN board_events.new_value IS 'The value now, as text (the new first place''s name for new_leader); NULL where unknown.';
COMMENT ON COLUMN board_events.old_rank IS 'Rank in the previous snapshot (for left, index and price changes, and the new first place''s former rank); NULL where it was not on the board.';
COMMENT ON COLUMN board_events.new_rank IS 'Rank in this snapshot; NULL for left.';
COMMENT ON COLUMN board_events.index_version IS 'Intelligence Index version this snapshot states; NULL where it does not say.';
COMMENT ON COLUMN board_events.across_methodology_change IS 'True where this snapshot states a different index version than the board''s last one: values on either side are not comparable. NULL for held.';
COMMENT ON COLUMN board_events.detail IS 'Why a board was held; NULL otherwise.';

COMMENT ON COLUMN observations.model_key IS 'The model''s key: given by the warehouse when the model was first seen (from its name: lower-case letters of any script, digits and dashes, ''+'' as plus) and kept across the site''s renames, which the site''s record id and slug reveal (table model_identities).';
COMMENT ON COLUMN leaderboard_history.model_key IS 'The model''s key, given when it was first seen and kept across the site''s renames (table model_identities).';
COMMENT ON COLUMN leaderboard_latest.model_key IS 'The model''s key, given when it was first seen and kept across the site''s renames (table model_identities): join on it across snapshots and boards.';
COMMENT ON COLUMN evaluation_history.model_key IS 'The model''s key (see observations.model_key).';

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
COMMENT ON TABLE events IS 'Every event told, once (withdrawn_at marks those a later load made untrue): the rows of board_events as runs first saw them, and failed runs (a source unreachable, a page refused). Notifications, the Atom feeds and `aa-leaderboards changes` read this table.';
COMMENT ON COLUMN events.event_seq IS 'Order in which events were recorded (1, 2, ...); a receiver is sent the events after the last one it was sent.';
COMMENT ON COLUMN events.event_id IS 'Stable id (see board_events.event_id); for a failed run: failed, board (or -), the run''s start time and a hash of the source. An id stands more than once only where a corrected event replaced a withdrawn one.';
COMMENT ON COLUMN events.backfill IS 'True for an event of a capture older than its board''s newest snapshot when it was recorded (a backfill, a file that arrived late): history corrected, not news; a notification counts such events in one line.';
COMMENT ON COLUMN events.withdrawn_at IS 'When a later load made the event untrue (its snapshot is now compared with another one, or it is no longer an event); NULL while it holds. Withdrawn events are kept, and left out of `changes`, the feeds and notifications.';
COMMENT ON COLUMN events.tier IS 'Board: small or tiny; NULL for a failure whose source names no board.';
COMMENT ON COLUMN events.snapshot_id IS 'The snapshot; NULL for a failed run (a failed page never becomes a snapshot).';
COMMENT ON COLUMN events.previous_snapshot_id IS 'The snapshot compared with; NULL for held and failed.';
COMMENT ON COLUMN events.content_sha256 IS 'sha256 of the snapshot''s page content; NULL for a failed run.';
COMMENT ON COLUMN events.captured_at IS 'Capture time of the snapshot; for a failed run, when the run started.';
COMMENT ON COLUMN events.kind IS 'As board_events.kind, or failed (a source could not be fetched or read, or its page was refused).';
COMMENT ON COLUMN events.model IS 'Display name of the model; NULL for methodology, held and failed.';
COMMENT ON COLUMN events.model_key IS 'The model''s key (kept across the site''s renames); NULL for methodology, held and failed.';
COMMENT ON COLUMN events.column_name IS 'The column compared (see board_events.column_name).';
COMMENT ON COLUMN events.old_value IS 'The value before, as text.';
COMMENT ON COLUMN events.new_value IS 'The value now, as text.';
COMMENT ON COLUMN events.old_rank IS 'Rank in the previous snapshot.';
COMMENT ON COLUMN events.new_rank IS 'Rank in this snapshot.';
COMMENT ON COLUMN events.index_version IS 'Intelligence Index version the snapshot states.';
COMMENT ON COLUMN events.across_methodology_change IS 'True where the values on either side are on different index versions.';
COMMENT ON COLUMN events.detail IS 'Why a board was held or a run failed; NULL otherwise.';
COMMENT ON COLUMN events.source IS 'For a failed run: the URL or file that failed; NULL otherwise.';
COMMENT ON COLUMN events.recorded_at IS 'When a run first recorded the event.';
COMMENT ON COLUMN leaderboard_latest.record_id IS 'The site''s id of the model''s record (payload pages; NULL for tables and text renderings): with the slug, what tells one model across the site''s renames.';
