-- aa-leaderboards SQL cookbook: real questions and the queries that answer them.
-- Open the analysts' copy read-only:  duckdb.connect("data/published/leaderboards.duckdb", read_only=True)
-- Each query starts with a "-- name:" line; a test runs every one on the database `make run` builds and
-- checks that it returns rows. Periods count back from a board's newest snapshot, not from now(), so a
-- query asks the same question of an archive copy as of last night's file.

-- name: top_of_each_board_now
-- The ten best models on each board today.
SELECT tier, rank, model, creator, round(intelligence_index, 1) AS intelligence
FROM leaderboard_latest
WHERE rank <= 10
ORDER BY tier, rank;

-- name: board_on_a_past_date
-- The small board as it stood a week before its newest snapshot (the latest snapshot captured by then).
-- For a calendar date: leaderboard_as_of(TIMESTAMPTZ '2026-07-20 00:00:00+00').
SELECT rank, model, intelligence_index, blended_price_usd_per_1m, captured_at
FROM leaderboard_as_of((SELECT max(captured_at) FROM board_snapshots WHERE tier = 'small') - INTERVAL 7 DAY)
WHERE tier = 'small'
ORDER BY rank;

-- name: entered_or_left_in_the_last_30_days
-- Who entered or left each board in the 30 days up to its newest snapshot.
SELECT c.captured_at, c.tier, c.change, c.model
FROM leaderboard_changes c
JOIN (SELECT tier, max(captured_at) AS newest FROM board_snapshots GROUP BY tier) b USING (tier)
WHERE c.change IN ('entered', 'left') AND c.captured_at >= b.newest - INTERVAL 30 DAY
ORDER BY c.captured_at DESC, c.tier, c.change;

-- name: models_whose_price_fell
-- Blended prices that fell from one snapshot to the next (display rounding is no change).
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
-- Index and rank of one model in every snapshot, with the index version each value is on.
SELECT captured_at, index_version, intelligence_index, rank
FROM leaderboard_history
WHERE model_key = 'nemotron-cascade-2-30b-a3b'
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
-- How long each version of a model's values lasted, in days (a current version: up to the
-- board's newest snapshot, and still_current says so).
SELECT v.tier, v.model_key, v.version_number, v.valid_from, v.valid_to,
       round(epoch(coalesce(v.valid_to, b.newest) - v.valid_from) / 86400, 2) AS lasted_days,
       v.valid_to IS NULL AS still_current, v.changed_columns
FROM model_versions v
JOIN (SELECT tier, max(captured_at) AS newest FROM board_snapshots GROUP BY tier) b USING (tier)
WHERE v.version_number > 1
ORDER BY v.valid_from DESC;

-- name: evaluation_leaders
-- Best model per evaluation and board on the latest snapshots that carry scores: the highest
-- score, except for the hallucination rate, where lower is better.
SELECT tier, evaluation,
       CASE WHEN evaluation = 'omniscienceHallucinationRate' THEN arg_min(model, score) ELSE arg_max(model, score) END AS best_model,
       CASE WHEN evaluation = 'omniscienceHallucinationRate' THEN min(score) ELSE max(score) END AS best_score,
       evaluation = 'omniscienceHallucinationRate' AS lower_is_better
FROM evaluation_history
WHERE (tier, snapshot_id) IN (SELECT tier, snapshot_id FROM leaderboard_latest)
GROUP BY tier, evaluation
ORDER BY tier, evaluation;

-- name: index_versions
-- Which Intelligence Index version each board stated, and when: compare indices only within one.
SELECT tier, index_version, min(captured_at) AS first_seen, max(captured_at) AS last_seen, count(DISTINCT snapshot_id) AS snapshots
FROM leaderboard_history
GROUP BY ALL
ORDER BY tier, first_seen;

-- name: index_changes_within_one_version
-- Index moves of at least one point, only between snapshots on the same Intelligence Index version.
SELECT tier, model, captured_at, old_value::DOUBLE AS old_index, new_value::DOUBLE AS new_index,
       round(new_value::DOUBLE - old_value::DOUBLE, 2) AS moved
FROM leaderboard_changes
WHERE column_name = 'intelligence_index' AND change = 'changed' AND NOT across_methodology_change
  AND abs(new_value::DOUBLE - old_value::DOUBLE) >= 1
ORDER BY abs(new_value::DOUBLE - old_value::DOUBLE) DESC;

-- name: evaluations_side_by_side
-- The top five of each board with a few evaluation scores as columns (the wide view of evaluation_history).
SELECT tier, rank, model, round(gpqa, 3) AS gpqa, round(hle, 3) AS hle, round(scicode, 3) AS scicode, round(lcr, 3) AS lcr
FROM leaderboard_latest_evaluations
WHERE rank <= 5
ORDER BY tier, rank;
