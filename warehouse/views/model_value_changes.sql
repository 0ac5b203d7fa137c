-- The one definition of a changed value between a board's consecutive snapshots. A rename is a
-- change: the model keeps its key (model_identities) and its new name is a 'renamed' row.
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
