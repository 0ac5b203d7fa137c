-- Every board in every snapshot, read by its newest parser version. This view's columns, and those
-- of leaderboard_latest, leaderboard_as_of, model_versions and leaderboard_changes, are a public
-- contract: add columns (at the end), never remove or rename them.
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
