-- One notion of change. model_value_changes says, once, which values of a model changed between
-- two consecutive snapshots of its board: the display-precision rule (42 shown and 41.8 exact are
-- one value), the forms' carried fields ('known', not 'changed', where the earlier form could not
-- carry the field), and one column set, the facts added with index versions included.
-- leaderboard_changes lists those rows; model_versions opens a new version exactly where one
-- exists, so the two views can no longer disagree. Views are recreated with their columns in
-- the same order and new ones after (the public contract); every comment is given again.

DROP VIEW leaderboard_changes;
DROP VIEW model_versions;

CREATE VIEW model_value_changes AS
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
       CASE WHEN delta.old_value IS NULL AND NOT before_carried THEN 'known' ELSE 'changed' END AS change,
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
COMMENT ON COLUMN model_value_changes.model_key IS 'Stable key of the model across page formats (name folded to lower-case letters, digits and dashes).';
COMMENT ON COLUMN model_value_changes.change IS '''changed'' (the value differs) or ''known'' (a value the previous snapshot''s form could not carry, now shown).';
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

CREATE VIEW leaderboard_changes AS
WITH pairs AS (
    SELECT tier, snapshot_id, previous_snapshot_id, captured_at, previous_captured_at,
           index_version, last_known_index_version,
           coalesce(index_version <> last_known_index_version, false) AS new_methodology
    FROM board_snapshots
    WHERE previous_snapshot_id IS NOT NULL
),
cur AS (
    SELECT p.tier, p.snapshot_id, p.previous_snapshot_id, p.captured_at, p.previous_captured_at, p.new_methodology,
           h.model, h.model_key, h.rank
    FROM pairs p JOIN leaderboard_history h USING (tier, snapshot_id)
),
prev AS (
    SELECT p.tier, p.snapshot_id, p.previous_snapshot_id, p.captured_at, p.previous_captured_at, p.new_methodology,
           h.model, h.model_key, h.rank
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
)
SELECT * FROM methodology
UNION ALL SELECT * FROM entered
UNION ALL SELECT * FROM left_board
UNION ALL SELECT * EXCLUDE (column_position) FROM model_value_changes;
COMMENT ON VIEW leaderboard_changes IS 'Per board, between each pair of consecutive snapshots: who entered, who left, every value that changed or became known (one row per column, as model_value_changes defines it), and a methodology row where the Intelligence Index version changes.';
COMMENT ON COLUMN leaderboard_changes.tier IS 'Board: small (4B-40B parameters) or tiny (<=4B).';
COMMENT ON COLUMN leaderboard_changes.captured_at IS 'Capture time of the snapshot in which the change was first seen.';
COMMENT ON COLUMN leaderboard_changes.model IS 'Display name of the model (as in the newer snapshot, or the older one for ''left''); NULL for a methodology row.';
COMMENT ON COLUMN leaderboard_changes.model_key IS 'Stable key of the model across page formats (name folded to lower-case letters, digits and dashes); NULL for a methodology row.';
COMMENT ON COLUMN leaderboard_changes.change IS '''entered'' (on the board now, not in the previous snapshot), ''left'' (the reverse), ''changed'' (one value differs beyond the board''s display precision), ''known'' (a value the previous snapshot''s form could not carry, now shown) or ''methodology'' (a new Intelligence Index version; model NULL, and each model on both sides also has a ''changed'' index_version row).';
COMMENT ON COLUMN leaderboard_changes.column_name IS 'For ''changed'' and ''known'': the column (or index_version); ''index_version'' for ''methodology''; NULL otherwise.';
COMMENT ON COLUMN leaderboard_changes.old_value IS 'For ''changed'': the value in the previous snapshot, as text (NULL for ''known''); for ''methodology'': the previous index version.';
COMMENT ON COLUMN leaderboard_changes.new_value IS 'For ''changed'' and ''known'': the value in this snapshot, as text; for ''methodology'': the new index version.';
COMMENT ON COLUMN leaderboard_changes.snapshot_id IS 'The newer snapshot of the pair.';
COMMENT ON COLUMN leaderboard_changes.previous_snapshot_id IS 'The older snapshot of the pair.';
COMMENT ON COLUMN leaderboard_changes.previous_captured_at IS 'Capture time of the older snapshot.';
COMMENT ON COLUMN leaderboard_changes.old_rank IS 'Rank in the older snapshot (NULL for ''entered'').';
COMMENT ON COLUMN leaderboard_changes.new_rank IS 'Rank in the newer snapshot (NULL for ''left'').';
COMMENT ON COLUMN leaderboard_changes.across_methodology_change IS 'True where this snapshot states a different Intelligence Index version than the board''s last one that stated any: index values on either side are not comparable.';

-- A span ends when a value changes (a row of model_value_changes) or the model leaves the board;
-- rank is not a value here (every entry above a model moves it), see leaderboard_history.
CREATE VIEW model_versions AS
WITH obs AS (
    SELECT h.*, bs.board_seq,
           coalesce(bs.index_version, bs.last_known_index_version) AS effective_index_version,
           lag(bs.board_seq) OVER (PARTITION BY h.tier, h.model_key ORDER BY bs.board_seq) AS prev_seq
    FROM leaderboard_history h
    JOIN board_snapshots bs USING (tier, snapshot_id)
),
changes AS (
    SELECT tier, snapshot_id, model_key, list(column_name ORDER BY column_position) AS changed_columns
    FROM model_value_changes
    GROUP BY ALL
),
marked AS (
    SELECT o.*, ch.changed_columns AS value_changes,
           o.prev_seq IS NOT NULL AND o.prev_seq = o.board_seq - 1 AS continues_previous,
           o.prev_seq IS NULL OR o.prev_seq <> o.board_seq - 1 OR ch.changed_columns IS NOT NULL AS starts_span
    FROM obs o
    LEFT JOIN changes ch USING (tier, snapshot_id, model_key)
),
spans AS (
    SELECT *, sum(starts_span::INTEGER) OVER (PARTITION BY tier, model_key ORDER BY board_seq) AS version_number
    FROM marked
),
bounds AS (
    SELECT tier, model_key, version_number,
           max(board_seq) AS last_seq, max_by(snapshot_id, board_seq) AS last_snapshot_id
    FROM spans GROUP BY ALL
)
SELECT
    f.tier, f.model_key, f.version_number, f.model, f.slug, f.creator,
    f.intelligence_index, f.intelligence_is_estimate, f.total_params_b, f.active_params_b, f.is_moe,
    f.context_window_tokens, f.blended_price_usd_per_1m, f.output_tokens_per_s,
    f.open_weights, f.weights_url, f.providers, f.providers_more, f.provider_count, f.release_date,
    f.captured_at AS valid_from,
    nxt.captured_at AS valid_to,
    nxt.captured_at IS NULL AS is_current,
    CASE WHEN f.continues_previous THEN f.value_changes ELSE []::VARCHAR[] END AS changed_columns,
    f.snapshot_id AS first_snapshot_id,
    b.last_snapshot_id,
    f.license_name, f.commercial_use_restricted, f.openness_index,
    f.input_price_usd_per_1m, f.output_price_usd_per_1m, f.time_to_first_token_s,
    f.effective_index_version AS index_version
FROM spans f
JOIN bounds b USING (tier, model_key, version_number)
LEFT JOIN board_snapshots nxt ON nxt.tier = f.tier AND nxt.board_seq = b.last_seq + 1
WHERE f.starts_span;
COMMENT ON VIEW model_versions IS 'Type-2 history: per board and model, one row per span of snapshots in which its values (all but rank) stayed the same; a span ends exactly where leaderboard_changes has a ''changed'' or ''known'' row for the model, or where it left the board.';
COMMENT ON COLUMN model_versions.tier IS 'Board: small (4B-40B parameters) or tiny (<=4B).';
COMMENT ON COLUMN model_versions.model_key IS 'Stable key of the model across page formats (name folded to lower-case letters, digits and dashes).';
COMMENT ON COLUMN model_versions.version_number IS '1 for the model''s first span on the board, 2 for the next, ...';
COMMENT ON COLUMN model_versions.model IS 'Display name with its variant, e.g. ''GLM-4.7-Flash (Reasoning)''.';
COMMENT ON COLUMN model_versions.slug IS 'The site''s slug (/models/<slug>) where the page had one; NULL for text renderings.';
COMMENT ON COLUMN model_versions.creator IS 'Organisation that made the model; NULL where unknown.';
COMMENT ON COLUMN model_versions.intelligence_index IS 'Artificial Analysis Intelligence Index, 0-100 (exact where the page had the payload, else as displayed), on the scale of index_version.';
COMMENT ON COLUMN model_versions.intelligence_is_estimate IS 'True where the index is the site''s estimate pending independent evaluation; NULL where the page did not say.';
COMMENT ON COLUMN model_versions.total_params_b IS 'Total parameters, billions.';
COMMENT ON COLUMN model_versions.active_params_b IS 'Parameters active per token at inference, billions (= total for dense models).';
COMMENT ON COLUMN model_versions.is_moe IS 'Mixture of experts: fewer active than total parameters.';
COMMENT ON COLUMN model_versions.context_window_tokens IS 'Context window, tokens.';
COMMENT ON COLUMN model_versions.blended_price_usd_per_1m IS 'Blended price, USD per 1M tokens (3:1 input:output); NULL where the site shows ''-''.';
COMMENT ON COLUMN model_versions.output_tokens_per_s IS 'Median output speed, tokens per second; NULL where not measured.';
COMMENT ON COLUMN model_versions.open_weights IS 'Weights downloadable: true where the board links them, false where it says ''Not available''.';
COMMENT ON COLUMN model_versions.weights_url IS 'Where the weights are published (usually Hugging Face).';
COMMENT ON COLUMN model_versions.providers IS 'API providers named on the board (list); NULL where names are not shown.';
COMMENT ON COLUMN model_versions.providers_more IS 'Providers beyond those named (''+7 more'' -> 7); NULL where unknown.';
COMMENT ON COLUMN model_versions.provider_count IS 'Total number of API providers hosting the model; NULL where unknown.';
COMMENT ON COLUMN model_versions.release_date IS 'Release date of the model, where the page gives it.';
COMMENT ON COLUMN model_versions.valid_from IS 'Capture time of the first snapshot in which the model had these values on this board.';
COMMENT ON COLUMN model_versions.valid_to IS 'Capture time of the first snapshot in which the values changed or the model was off the board; NULL while current.';
COMMENT ON COLUMN model_versions.is_current IS 'True for the span that holds in the board''s newest snapshot.';
COMMENT ON COLUMN model_versions.changed_columns IS 'Columns whose values changed since the span just before, as the ''changed'' and ''known'' rows of leaderboard_changes at valid_from name them (empty for a first entry or a re-entry).';
COMMENT ON COLUMN model_versions.first_snapshot_id IS 'First snapshot of the span.';
COMMENT ON COLUMN model_versions.last_snapshot_id IS 'Last snapshot of the span.';
COMMENT ON COLUMN model_versions.license_name IS 'Licence of the weights as the site names it (e.g. ''Apache 2.0''); NULL where the page does not say.';
COMMENT ON COLUMN model_versions.commercial_use_restricted IS 'True where the licence restricts commercial use (the site''s ''Open Weights (Commercial Use Restricted)'', payload category commercial-license); false for a permissive licence; NULL where not said.';
COMMENT ON COLUMN model_versions.openness_index IS 'Artificial Analysis Openness Index, 0-100; NULL where the page does not give it.';
COMMENT ON COLUMN model_versions.input_price_usd_per_1m IS 'Price of input tokens, USD per 1M; NULL where the site shows ''-'' (0 in the payload).';
COMMENT ON COLUMN model_versions.output_price_usd_per_1m IS 'Price of output tokens, USD per 1M; NULL where the site shows ''-'' (0 in the payload).';
COMMENT ON COLUMN model_versions.time_to_first_token_s IS 'Median time to first token (first chunk), seconds; NULL where not measured.';
COMMENT ON COLUMN model_versions.index_version IS 'Intelligence Index version the span''s index is on (the board''s last stated version); a new version opens a new span, so one span never mixes two scales.';

-- The newest boards, one column per evaluation. PIVOT in a view needs its columns named: these
-- are the evaluations the parser reads (parsers.board.EVALUATION_KEYS and the omniscience
-- breakdown; a test keeps the two lists equal). A score under another name stays in
-- evaluation_history, and other_evaluations names it here.
CREATE VIEW leaderboard_latest_evaluations AS
WITH latest_scores AS (
    SELECT e.tier, e.snapshot_id, e.model_key, e.evaluation, e.score
    FROM evaluation_history e
    JOIN leaderboard_latest l USING (tier, snapshot_id, model_key)
),
wide AS (
    PIVOT latest_scores
    ON evaluation IN ('gdpval', 'gdpvalNormalized', 'tau2', 'tauBanking', 'terminalbenchHard', 'terminalbenchV21',
                      'scicode', 'lcr', 'ifbench', 'hle', 'gpqa', 'critpt', 'omniscience', 'mmmuPro',
                      'livecodebench', 'aime25', 'itBenchSre', 'apexAgents', 'codingIndex', 'agenticIndex',
                      'omniscienceAccuracy', 'omniscienceHallucinationRate')
    USING first(score)
    GROUP BY tier, snapshot_id, model_key
),
others AS (
    SELECT tier, snapshot_id, model_key, list(evaluation ORDER BY evaluation) AS other_evaluations
    FROM latest_scores
    WHERE evaluation NOT IN ('gdpval', 'gdpvalNormalized', 'tau2', 'tauBanking', 'terminalbenchHard', 'terminalbenchV21',
                             'scicode', 'lcr', 'ifbench', 'hle', 'gpqa', 'critpt', 'omniscience', 'mmmuPro',
                             'livecodebench', 'aime25', 'itBenchSre', 'apexAgents', 'codingIndex', 'agenticIndex',
                             'omniscienceAccuracy', 'omniscienceHallucinationRate')
    GROUP BY ALL
)
SELECT l.tier, l.rank, l.model, l.model_key, l.snapshot_id, l.captured_at, l.index_version, l.intelligence_index,
       w.gdpval, w.gdpvalNormalized, w.tau2, w.tauBanking, w.terminalbenchHard, w.terminalbenchV21,
       w.scicode, w.lcr, w.ifbench, w.hle, w.gpqa, w.critpt, w.omniscience, w.mmmuPro,
       w.livecodebench, w.aime25, w.itBenchSre, w.apexAgents, w.codingIndex, w.agenticIndex,
       w.omniscienceAccuracy, w.omniscienceHallucinationRate,
       coalesce(x.other_evaluations, []::VARCHAR[]) AS other_evaluations
FROM leaderboard_latest l
LEFT JOIN wide w USING (tier, snapshot_id, model_key)
LEFT JOIN others x USING (tier, snapshot_id, model_key);
COMMENT ON VIEW leaderboard_latest_evaluations IS 'Each board in its newest snapshot, one row per model and one column per evaluation score (a PIVOT of evaluation_history); NULL where the page gave no score. Scores keep the site''s scales (see evaluation_history.score).';
COMMENT ON COLUMN leaderboard_latest_evaluations.tier IS 'Board: small (4B-40B parameters) or tiny (<=4B).';
COMMENT ON COLUMN leaderboard_latest_evaluations.rank IS 'Position on the board, 1 = highest intelligence index.';
COMMENT ON COLUMN leaderboard_latest_evaluations.model IS 'Display name with its variant, e.g. ''GLM-4.7-Flash (Reasoning)''.';
COMMENT ON COLUMN leaderboard_latest_evaluations.model_key IS 'Stable key of the model across page formats (name folded to lower-case letters, digits and dashes).';
COMMENT ON COLUMN leaderboard_latest_evaluations.snapshot_id IS 'The snapshot the row comes from (see table snapshots).';
COMMENT ON COLUMN leaderboard_latest_evaluations.captured_at IS 'When that snapshot''s page was captured.';
COMMENT ON COLUMN leaderboard_latest_evaluations.index_version IS 'Intelligence Index methodology version the page states for this board; NULL where it does not say.';
COMMENT ON COLUMN leaderboard_latest_evaluations.intelligence_index IS 'Artificial Analysis Intelligence Index, 0-100, on the scale of index_version.';
COMMENT ON COLUMN leaderboard_latest_evaluations.gdpval IS 'GDPval-AA, as the site stores it: a rating (not a fraction).';
COMMENT ON COLUMN leaderboard_latest_evaluations.gdpvalNormalized IS 'GDPval-AA as the site normalises it, fraction 0-1.';
COMMENT ON COLUMN leaderboard_latest_evaluations.tau2 IS 'The payload''s tau2 score, fraction 0-1.';
COMMENT ON COLUMN leaderboard_latest_evaluations.tauBanking IS '𝜏³-Banking, fraction 0-1.';
COMMENT ON COLUMN leaderboard_latest_evaluations.terminalbenchHard IS 'The payload''s terminalbenchHard score (Terminal-Bench Hard), fraction 0-1.';
COMMENT ON COLUMN leaderboard_latest_evaluations.terminalbenchV21 IS 'Terminal-Bench v2.1, fraction 0-1.';
COMMENT ON COLUMN leaderboard_latest_evaluations.scicode IS 'SciCode, fraction 0-1.';
COMMENT ON COLUMN leaderboard_latest_evaluations.lcr IS 'AA-LCR, fraction 0-1.';
COMMENT ON COLUMN leaderboard_latest_evaluations.ifbench IS 'The payload''s ifbench score (IFBench), fraction 0-1.';
COMMENT ON COLUMN leaderboard_latest_evaluations.hle IS 'Humanity''s Last Exam, fraction 0-1.';
COMMENT ON COLUMN leaderboard_latest_evaluations.gpqa IS 'GPQA Diamond, fraction 0-1.';
COMMENT ON COLUMN leaderboard_latest_evaluations.critpt IS 'CritPt, fraction 0-1.';
COMMENT ON COLUMN leaderboard_latest_evaluations.omniscience IS 'AA-Omniscience, -100 to 100.';
COMMENT ON COLUMN leaderboard_latest_evaluations.mmmuPro IS 'The payload''s mmmuPro score (MMMU-Pro), fraction 0-1.';
COMMENT ON COLUMN leaderboard_latest_evaluations.livecodebench IS 'The payload''s livecodebench score (LiveCodeBench), fraction 0-1.';
COMMENT ON COLUMN leaderboard_latest_evaluations.aime25 IS 'The payload''s aime25 score (AIME 2025), fraction 0-1.';
COMMENT ON COLUMN leaderboard_latest_evaluations.itBenchSre IS 'The payload''s itBenchSre score, fraction 0-1.';
COMMENT ON COLUMN leaderboard_latest_evaluations.apexAgents IS 'The payload''s apexAgents score, fraction 0-1.';
COMMENT ON COLUMN leaderboard_latest_evaluations.codingIndex IS 'Artificial Analysis Coding Index, 0-100.';
COMMENT ON COLUMN leaderboard_latest_evaluations.agenticIndex IS 'Artificial Analysis Agentic Index, 0-100.';
COMMENT ON COLUMN leaderboard_latest_evaluations.omniscienceAccuracy IS 'AA-Omniscience accuracy, fraction 0-1.';
COMMENT ON COLUMN leaderboard_latest_evaluations.omniscienceHallucinationRate IS 'AA-Omniscience hallucination rate, fraction 0-1 (lower is better).';
COMMENT ON COLUMN leaderboard_latest_evaluations.other_evaluations IS 'Evaluations the page scored that have no column here (a name the site added); their scores are in evaluation_history. Empty for none.';
