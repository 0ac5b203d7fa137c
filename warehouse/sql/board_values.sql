-- The values of these snapshots' boards (current parser version) that a board's contract with
-- its last board looks at: one row a model. Columns are read by name.
SELECT o.snapshot_id, o.tier, o.model_key, o.model, o.value_source, o.slug, o.creator, o.intelligence_index, o.total_params_b,
       o.active_params_b, o.context_window_tokens, o.blended_price_usd_per_1m, o.output_tokens_per_s, o.open_weights,
       o.weights_url, o.provider_count, o.release_date, o.license_name, o.commercial_use_restricted, o.openness_index,
       o.input_price_usd_per_1m, o.output_price_usd_per_1m, o.time_to_first_token_s
FROM observations o
JOIN current_parser_versions v USING (snapshot_id, tier, parser_version)
WHERE list_contains($snapshots, o.snapshot_id) AND list_contains($tiers, o.tier)
