-- aa-leaderboards SQL cookbook: real questions and the queries that answer them.
-- Open the analysts' copy read-only:  duckdb.connect("data/published/leaderboards.duckdb", read_only=True)
-- Each query starts with a "-- name:" line; tests run every one against a database built from the fixtures.

-- name: top_of_each_board_now
-- The ten best models on each board today.
SELECT tier, rank, model, creator, round(intelligence_index, 1) AS intelligence
FROM leaderboard_latest
WHERE rank <= 10
ORDER BY tier, rank;

-- name: board_on_a_past_date
-- The small board as it stood two days ago (the latest snapshot captured by then).
SELECT rank, model, intelligence_index, blended_price_usd_per_1m
FROM leaderboard_as_of(now() - INTERVAL 2 DAY)
WHERE tier = 'small'
ORDER BY rank;

-- name: entered_or_left_in_the_last_30_days
SELECT captured_at, tier, change, model
FROM leaderboard_changes
WHERE change IN ('entered', 'left') AND captured_at >= now() - INTERVAL 30 DAY
ORDER BY captured_at DESC, tier, change;

-- name: models_whose_price_fell
SELECT tier, model, captured_at, old_value::DOUBLE AS old_price, new_value::DOUBLE AS new_price
FROM leaderboard_changes
WHERE column_name = 'blended_price_usd_per_1m' AND new_value::DOUBLE < old_value::DOUBLE
ORDER BY captured_at DESC;

-- name: best_intelligence_per_active_billion
-- Who gets the most intelligence out of each billion active parameters (MoE models shine here).
SELECT tier, model, is_moe, active_params_b, intelligence_index,
       round(intelligence_index / active_params_b, 2) AS intelligence_per_active_billion
FROM leaderboard_latest
WHERE intelligence_index IS NOT NULL AND active_params_b > 0
ORDER BY intelligence_per_active_billion DESC
LIMIT 15;

-- name: score_history_of_one_model
SELECT captured_at, intelligence_index, rank
FROM leaderboard_history
WHERE model_key = 'qwen3-1-7b-reasoning'
ORDER BY captured_at;

-- name: cheapest_model_above_a_score
-- The cheapest priced model on each board with an intelligence index of at least 12.
SELECT tier, arg_min(model, blended_price_usd_per_1m) AS model, min(blended_price_usd_per_1m) AS price
FROM leaderboard_latest
WHERE intelligence_index >= 12 AND blended_price_usd_per_1m IS NOT NULL
GROUP BY tier
ORDER BY tier;

-- name: mixture_of_experts_share
SELECT tier, count(*) FILTER (WHERE is_moe) AS moe_models, count(*) AS models,
       round(100.0 * count(*) FILTER (WHERE is_moe) / count(*), 1) AS moe_percent
FROM leaderboard_latest
GROUP BY tier
ORDER BY tier;

-- name: creators_by_models_on_the_boards
SELECT creator, count(*) AS models, round(max(intelligence_index), 1) AS best_index
FROM leaderboard_latest
GROUP BY creator
ORDER BY models DESC, best_index DESC NULLS LAST;

-- name: longest_context_windows
SELECT tier, model, context_window_tokens
FROM leaderboard_latest
ORDER BY context_window_tokens DESC NULLS LAST, model
LIMIT 10;

-- name: value_changes_of_the_latest_snapshot
-- Everything that changed on each board in its most recent snapshot.
SELECT c.tier, c.model, c.change, c.column_name, c.old_value, c.new_value
FROM leaderboard_changes c
JOIN (SELECT tier, max(captured_at) AS captured_at FROM leaderboard_changes GROUP BY tier) latest USING (tier, captured_at)
ORDER BY c.tier, c.change, c.model;

-- name: model_version_spans
-- How long each version of a model's values lasted.
SELECT tier, model_key, version_number, valid_from, coalesce(valid_to, now()) - valid_from AS lasted, changed_columns
FROM model_versions
WHERE version_number > 1
ORDER BY valid_from DESC;

-- name: evaluation_leaders
-- Best model per evaluation on the latest snapshots that carry scores.
SELECT evaluation, arg_max(model, score) AS best_model, max(score) AS best_score
FROM evaluation_history
WHERE (tier, snapshot_id) IN (SELECT tier, snapshot_id FROM leaderboard_latest)
GROUP BY evaluation
ORDER BY evaluation;

-- name: index_versions
-- Which Intelligence Index version each board stated, and when: compare indices only within one.
SELECT tier, index_version, min(captured_at) AS first_seen, max(captured_at) AS last_seen, count(DISTINCT snapshot_id) AS snapshots
FROM leaderboard_history
GROUP BY ALL
ORDER BY tier, first_seen;
