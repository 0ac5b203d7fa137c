-- A span ends when a value changes (a row of model_value_changes) or the model leaves the board;
-- rank is not a value here (every entry above a model moves it), see leaderboard_history.
CREATE OR REPLACE VIEW model_versions AS
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
