-- The analyst surface. Names and columns of leaderboard_latest, leaderboard_history,
-- model_versions, leaderboard_changes and leaderboard_as_of are a public contract:
-- add columns, never remove or rename them.

-- '1.10.0' sorts after '1.9.3': compare versions as lists of integers, not as strings.
CREATE MACRO version_key(v) AS list_transform(string_split(v, '.'), lambda x: TRY_CAST(x AS INTEGER));

-- Per snapshot, the newest parser version that read it: only it feeds the views below.
CREATE VIEW current_parser_versions AS
SELECT snapshot_id, max_by(parser_version, version_key(parser_version)) AS parser_version
FROM boards
GROUP BY snapshot_id;
COMMENT ON VIEW current_parser_versions IS 'The newest parser version of each snapshot; older versions stay in observations, queryable, but feed no analyst view.';
COMMENT ON COLUMN current_parser_versions.snapshot_id IS 'The snapshot.';
COMMENT ON COLUMN current_parser_versions.parser_version IS 'Its newest parser version.';

-- Each board's snapshots in capture order, with their neighbours.
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
    lead(s.captured_at) OVER w AS next_captured_at
FROM boards b
JOIN current_parser_versions v USING (snapshot_id, parser_version)
JOIN snapshots s USING (snapshot_id)
WINDOW w AS (PARTITION BY b.tier ORDER BY s.captured_at, b.snapshot_id);
COMMENT ON VIEW board_snapshots IS 'Every snapshot of each board in capture order, with the previous and next capture.';
COMMENT ON COLUMN board_snapshots.tier IS 'Board: small (4B-40B parameters) or tiny (<=4B).';
COMMENT ON COLUMN board_snapshots.snapshot_id IS 'The snapshot.';
COMMENT ON COLUMN board_snapshots.parser_version IS 'Parser version whose rows the views use.';
COMMENT ON COLUMN board_snapshots.captured_at IS 'When the page was captured.';
COMMENT ON COLUMN board_snapshots.row_count IS 'Models on the board in this snapshot.';
COMMENT ON COLUMN board_snapshots.board_seq IS '1 for the board''s first snapshot, 2 for the next, ...';
COMMENT ON COLUMN board_snapshots.previous_snapshot_id IS 'The board''s snapshot before this one; NULL for the first.';
COMMENT ON COLUMN board_snapshots.previous_captured_at IS 'Capture time of the previous snapshot.';
COMMENT ON COLUMN board_snapshots.next_captured_at IS 'Capture time of the next snapshot; NULL for the newest.';

CREATE VIEW leaderboard_history AS
SELECT
    o.tier, o.rank, o.model, o.model_key, o.slug, o.creator,
    o.intelligence_index, o.intelligence_is_estimate,
    o.total_params_b, o.active_params_b, o.is_moe,
    o.context_window_tokens, o.blended_price_usd_per_1m, o.output_tokens_per_s,
    o.open_weights, o.weights_url, o.providers, o.providers_more,
    o.snapshot_id, bs.captured_at,
    o.variant, o.provider_count, o.release_date, o.value_source, o.parser_version
FROM observations o
JOIN board_snapshots bs USING (tier, snapshot_id, parser_version);

-- The newest snapshot of each board.
CREATE VIEW leaderboard_latest AS
WITH latest AS (
    SELECT tier, max_by(snapshot_id, (captured_at, snapshot_id)) AS snapshot_id
    FROM board_snapshots
    GROUP BY tier
)
SELECT h.* FROM leaderboard_history h JOIN latest USING (tier, snapshot_id);

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

-- Type-2 history: one row per span in which a model's values stayed the same on a board.
-- A span ends when a value changes or the model leaves the board; rank is not a value here
-- (every entry above a model moves it), see leaderboard_history for ranks.
CREATE VIEW model_versions AS
WITH obs AS (
    SELECT
        h.*, bs.board_seq,
        lag(bs.board_seq) OVER w AS prev_seq,
        lag({'m': h.model, 'c': h.creator, 'ii': h.intelligence_index, 'ie': h.intelligence_is_estimate,
             'tp': h.total_params_b, 'ap': h.active_params_b, 'moe': h.is_moe, 'cw': h.context_window_tokens,
             'pr': h.blended_price_usd_per_1m, 'sp': h.output_tokens_per_s, 'ow': h.open_weights,
             'wu': h.weights_url, 'pv': h.providers, 'pm': h.providers_more, 'pc': h.provider_count,
             'rd': h.release_date}) OVER w AS prev
    FROM leaderboard_history h
    JOIN board_snapshots bs USING (tier, snapshot_id)
    WINDOW w AS (PARTITION BY h.tier, h.model_key ORDER BY bs.board_seq)
),
marked AS (
    SELECT *,
        prev IS NULL OR prev_seq <> board_seq - 1
        OR prev IS DISTINCT FROM {'m': model, 'c': creator, 'ii': intelligence_index, 'ie': intelligence_is_estimate,
             'tp': total_params_b, 'ap': active_params_b, 'moe': is_moe, 'cw': context_window_tokens,
             'pr': blended_price_usd_per_1m, 'sp': output_tokens_per_s, 'ow': open_weights,
             'wu': weights_url, 'pv': providers, 'pm': providers_more, 'pc': provider_count,
             'rd': release_date} AS starts_span,
        prev_seq IS NOT NULL AND prev_seq = board_seq - 1 AS continues_previous
    FROM obs
),
spans AS (
    SELECT *, sum(starts_span::INTEGER) OVER (PARTITION BY tier, model_key ORDER BY board_seq) AS version_number
    FROM marked
),
firsts AS (
    -- The first snapshot of each span carries its values and how they differ from before.
    SELECT * FROM spans WHERE starts_span
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
    CASE WHEN f.continues_previous THEN list_filter([
        CASE WHEN f.prev.m IS DISTINCT FROM f.model THEN 'model' END,
        CASE WHEN f.prev.c IS DISTINCT FROM f.creator THEN 'creator' END,
        CASE WHEN f.prev.ii IS DISTINCT FROM f.intelligence_index THEN 'intelligence_index' END,
        CASE WHEN f.prev.ie IS DISTINCT FROM f.intelligence_is_estimate THEN 'intelligence_is_estimate' END,
        CASE WHEN f.prev.tp IS DISTINCT FROM f.total_params_b THEN 'total_params_b' END,
        CASE WHEN f.prev.ap IS DISTINCT FROM f.active_params_b THEN 'active_params_b' END,
        CASE WHEN f.prev.moe IS DISTINCT FROM f.is_moe THEN 'is_moe' END,
        CASE WHEN f.prev.cw IS DISTINCT FROM f.context_window_tokens THEN 'context_window_tokens' END,
        CASE WHEN f.prev.pr IS DISTINCT FROM f.blended_price_usd_per_1m THEN 'blended_price_usd_per_1m' END,
        CASE WHEN f.prev.sp IS DISTINCT FROM f.output_tokens_per_s THEN 'output_tokens_per_s' END,
        CASE WHEN f.prev.ow IS DISTINCT FROM f.open_weights THEN 'open_weights' END,
        CASE WHEN f.prev.wu IS DISTINCT FROM f.weights_url THEN 'weights_url' END,
        CASE WHEN f.prev.pv IS DISTINCT FROM f.providers THEN 'providers' END,
        CASE WHEN f.prev.pm IS DISTINCT FROM f.providers_more THEN 'providers_more' END,
        CASE WHEN f.prev.pc IS DISTINCT FROM f.provider_count THEN 'provider_count' END,
        CASE WHEN f.prev.rd IS DISTINCT FROM f.release_date THEN 'release_date' END
    ], lambda c: c IS NOT NULL) ELSE [] END AS changed_columns,
    f.snapshot_id AS first_snapshot_id,
    b.last_snapshot_id
FROM firsts f
JOIN bounds b USING (tier, model_key, version_number)
LEFT JOIN board_snapshots nxt ON nxt.tier = f.tier AND nxt.board_seq = b.last_seq + 1;

-- Events between consecutive snapshots of each board.
CREATE VIEW leaderboard_changes AS
WITH pairs AS (
    SELECT tier, snapshot_id, previous_snapshot_id, captured_at, previous_captured_at
    FROM board_snapshots
    WHERE previous_snapshot_id IS NOT NULL
),
cur AS (
    SELECT p.tier, p.snapshot_id, p.previous_snapshot_id, p.captured_at, p.previous_captured_at, h.*  EXCLUDE (tier, snapshot_id, captured_at)
    FROM pairs p JOIN leaderboard_history h USING (tier, snapshot_id)
),
prev AS (
    SELECT p.tier, p.snapshot_id, p.previous_snapshot_id, p.captured_at, p.previous_captured_at, h.* EXCLUDE (tier, snapshot_id, captured_at)
    FROM pairs p JOIN leaderboard_history h ON h.tier = p.tier AND h.snapshot_id = p.previous_snapshot_id
),
entered AS (
    SELECT c.tier, c.captured_at, c.model, c.model_key, 'entered' AS change, NULL::VARCHAR AS column_name,
           NULL::VARCHAR AS old_value, NULL::VARCHAR AS new_value,
           c.snapshot_id, c.previous_snapshot_id, c.previous_captured_at, NULL::INTEGER AS old_rank, c.rank AS new_rank
    FROM cur c ANTI JOIN prev p USING (tier, snapshot_id, model_key)
),
left_board AS (
    SELECT p.tier, p.captured_at, p.model, p.model_key, 'left' AS change, NULL::VARCHAR, NULL::VARCHAR, NULL::VARCHAR,
           p.snapshot_id, p.previous_snapshot_id, p.previous_captured_at, p.rank, NULL::INTEGER
    FROM prev p ANTI JOIN cur c USING (tier, snapshot_id, model_key)
),
both_sides AS (
    SELECT c.tier, c.captured_at, c.model, c.model_key, c.snapshot_id, c.previous_snapshot_id, c.previous_captured_at,
           p.rank AS old_rank, c.rank AS new_rank,
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
               {'column_name': 'release_date', 'old_value': p.release_date::VARCHAR, 'new_value': c.release_date::VARCHAR}
           ]) AS delta
    FROM cur c JOIN prev p USING (tier, snapshot_id, model_key)
),
changed AS (
    SELECT tier, captured_at, model, model_key, 'changed' AS change, delta.column_name, delta.old_value, delta.new_value,
           snapshot_id, previous_snapshot_id, previous_captured_at, old_rank, new_rank
    FROM both_sides
    WHERE delta.old_value IS DISTINCT FROM delta.new_value
)
SELECT * FROM entered
UNION ALL SELECT * FROM left_board
UNION ALL SELECT * FROM changed;

CREATE VIEW evaluation_history AS
SELECT h.tier, h.model, e.model_key, e.evaluation, e.score, e.snapshot_id, h.captured_at
FROM evaluation_scores e
JOIN leaderboard_history h ON h.snapshot_id = e.snapshot_id AND h.parser_version = e.parser_version AND h.model_key = e.model_key;

-- Comments: every analyst view and column, with units.
COMMENT ON VIEW leaderboard_history IS 'Every board in every snapshot (newest parser version of each), one row per model per board per snapshot.';
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
COMMENT ON VIEW model_versions IS 'Type-2 history: per board and model, one row per span of snapshots in which its values (all but rank) stayed the same.';
COMMENT ON COLUMN model_versions.tier IS 'Board: small (4B-40B parameters) or tiny (<=4B).';
COMMENT ON COLUMN model_versions.model_key IS 'Stable key of the model across page formats (name folded to lower-case letters, digits and dashes).';
COMMENT ON COLUMN model_versions.version_number IS '1 for the model''s first span on the board, 2 for the next, ...';
COMMENT ON COLUMN model_versions.model IS 'Display name with its variant, e.g. ''GLM-4.7-Flash (Reasoning)''.';
COMMENT ON COLUMN model_versions.slug IS 'The site''s slug (/models/<slug>) where the page had one; NULL for text renderings.';
COMMENT ON COLUMN model_versions.creator IS 'Organisation that made the model; NULL where unknown.';
COMMENT ON COLUMN model_versions.intelligence_index IS 'Artificial Analysis Intelligence Index, 0-100 (exact where the page had the payload, else as displayed).';
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
COMMENT ON COLUMN model_versions.changed_columns IS 'Columns whose values differ from the span just before (empty for a first entry or a re-entry).';
COMMENT ON COLUMN model_versions.first_snapshot_id IS 'First snapshot of the span.';
COMMENT ON COLUMN model_versions.last_snapshot_id IS 'Last snapshot of the span.';
COMMENT ON VIEW leaderboard_changes IS 'Per board, between each pair of consecutive snapshots: who entered, who left, and every value that changed (one row per column).';
COMMENT ON COLUMN leaderboard_changes.tier IS 'Board: small (4B-40B parameters) or tiny (<=4B).';
COMMENT ON COLUMN leaderboard_changes.captured_at IS 'Capture time of the snapshot in which the change was first seen.';
COMMENT ON COLUMN leaderboard_changes.model IS 'Display name of the model (as in the newer snapshot, or the older one for ''left'').';
COMMENT ON COLUMN leaderboard_changes.model_key IS 'Stable key of the model across page formats (name folded to lower-case letters, digits and dashes).';
COMMENT ON COLUMN leaderboard_changes.change IS '''entered'' (on the board now, not in the previous snapshot), ''left'' (the reverse) or ''changed'' (one value differs).';
COMMENT ON COLUMN leaderboard_changes.column_name IS 'For ''changed'': the column whose value changed; NULL otherwise.';
COMMENT ON COLUMN leaderboard_changes.old_value IS 'For ''changed'': the value in the previous snapshot, as text.';
COMMENT ON COLUMN leaderboard_changes.new_value IS 'For ''changed'': the value in this snapshot, as text.';
COMMENT ON COLUMN leaderboard_changes.snapshot_id IS 'The newer snapshot of the pair.';
COMMENT ON COLUMN leaderboard_changes.previous_snapshot_id IS 'The older snapshot of the pair.';
COMMENT ON COLUMN leaderboard_changes.previous_captured_at IS 'Capture time of the older snapshot.';
COMMENT ON COLUMN leaderboard_changes.old_rank IS 'Rank in the older snapshot (NULL for ''entered'').';
COMMENT ON COLUMN leaderboard_changes.new_rank IS 'Rank in the newer snapshot (NULL for ''left'').';
COMMENT ON VIEW evaluation_history IS 'Per-evaluation scores of board models in every snapshot that carried them (newest parser version), long format.';
COMMENT ON COLUMN evaluation_history.tier IS 'Board: small (4B-40B parameters) or tiny (<=4B).';
COMMENT ON COLUMN evaluation_history.model IS 'Display name with its variant, e.g. ''GLM-4.7-Flash (Reasoning)''.';
COMMENT ON COLUMN evaluation_history.model_key IS 'Stable key of the model across page formats (name folded to lower-case letters, digits and dashes).';
COMMENT ON COLUMN evaluation_history.evaluation IS 'Evaluation name as the site''s payload names it (gpqa, hle, scicode, lcr, ifbench, critpt, tau2, terminalbenchHard, gdpval, omniscience, mmmuPro, ...).';
COMMENT ON COLUMN evaluation_history.score IS 'Score as the site stores it: a fraction 0-1 for most evaluations; gdpval an Elo rating; omniscience -100 to 100; codingIndex and agenticIndex 0-100.';
COMMENT ON COLUMN evaluation_history.snapshot_id IS 'The snapshot the row comes from (see table snapshots).';
COMMENT ON COLUMN evaluation_history.captured_at IS 'When that snapshot''s page was captured.';
