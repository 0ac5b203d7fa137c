-- One model, one key across the site's renames. A row continues a model by the site's record id,
-- else its slug, else its name (text renderings carry neither id nor slug); warehouse/identity.py
-- gives keys at load. Keys already given stay as they are: the identities are seeded from them.
ALTER TABLE observations ADD COLUMN record_id VARCHAR;

CREATE TABLE model_identities (
    kind               VARCHAR NOT NULL,
    value              VARCHAR NOT NULL,
    model_key          VARCHAR,
    first_snapshot_id  BIGINT,
    PRIMARY KEY (kind, value)
);

-- Seeded from the rows loaded so far: every key given stays its model's key.
INSERT INTO model_identities
SELECT 'name', lower(trim(model)), min(model_key), min(snapshot_id) FROM observations GROUP BY lower(trim(model));
INSERT INTO model_identities
SELECT 'slug', slug, CASE WHEN count(DISTINCT model_key) = 1 THEN min(model_key) END, min(snapshot_id)
FROM observations WHERE slug IS NOT NULL GROUP BY slug;
INSERT INTO model_identities
SELECT 'id', record_id, CASE WHEN count(DISTINCT model_key) = 1 THEN min(model_key) END, min(snapshot_id)
FROM (SELECT json_extract_string(source_record, '$.id') AS record_id, model_key, snapshot_id
      FROM observations WHERE source_record IS NOT NULL AND starts_with(source_record, '{'))
WHERE record_id IS NOT NULL GROUP BY record_id;
