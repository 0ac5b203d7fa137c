SELECT rank, model, creator, intelligence_index, total_params_b, active_params_b, is_moe,
       context_window_tokens, blended_price_usd_per_1m, output_tokens_per_s, captured_at
FROM leaderboard_latest
WHERE tier = $tier
ORDER BY rank
