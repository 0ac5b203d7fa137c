-- One model, one key across the site's renames. A row continues a model by the site's record id,
-- else its slug, else its name (text renderings carry neither id nor slug); warehouse/identity.py
-- gives keys at load. Keys already given stay as they are: the identities are seeded from them.
ALTER TABLE observations ADD COLUMN record_id VARCHAR;
COMMENT ON COLUMN observations.record_id IS 'The site''s id of the model''s record (payload pages only; NULL for tables and text renderings, and for rows loaded before it was kept: `reparse --force` fills it).';

CREATE TABLE model_identities (
    kind               VARCHAR NOT NULL,
    value              VARCHAR NOT NULL,
    model_key          VARCHAR,
    first_snapshot_id  BIGINT,
    PRIMARY KEY (kind, value)
);
COMMENT ON TABLE model_identities IS 'How a row is known to continue a model: by the site''s record id, its slug or its name (lower-case), each pointing at the model_key given when the model was first seen. A slug the site gave to several models points at none.';
COMMENT ON COLUMN model_identities.kind IS '''id'' (the record''s id), ''slug'' (the model page''s /models/<slug>) or ''name'' (the display name, lower-case).';
COMMENT ON COLUMN model_identities.value IS 'The id, slug or lower-case name.';
COMMENT ON COLUMN model_identities.model_key IS 'The model it identifies; NULL where it was seen for more than one model (then it identifies none).';
COMMENT ON COLUMN model_identities.first_snapshot_id IS 'The snapshot in which it was first seen.';

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
