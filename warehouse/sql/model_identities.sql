-- Every identity a row can continue a model by (model_key NULL: seen for several models, identifies none).
SELECT kind, value, model_key FROM model_identities
