SELECT tier, rank, model, creator, intelligence_index, total_params_b, active_params_b, context_window_tokens,
       blended_price_usd_per_1m, output_tokens_per_s, open_weights, provider_count, captured_at, snapshot_id
FROM leaderboard_latest
WHERE tier = $tier
ORDER BY rank
