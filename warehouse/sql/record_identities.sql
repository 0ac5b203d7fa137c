-- New identities, and ids or slugs now seen for a second model (model_key NULL from then on).
INSERT OR REPLACE INTO model_identities
SELECT unnest($kinds::VARCHAR[]), unnest($identity_values::VARCHAR[]), unnest($model_keys::VARCHAR[]),
       unnest($snapshot_ids::BIGINT[])
