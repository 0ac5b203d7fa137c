CREATE TABLE IF NOT EXISTS schema_migrations (
    version     INTEGER PRIMARY KEY,
    name        VARCHAR NOT NULL,
    applied_at  TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE schema_migrations IS 'Migrations applied to this file: its schema version is the highest.';
COMMENT ON COLUMN schema_migrations.version IS 'Migration number (the NNN of warehouse/migrations/NNN_name.sql).';
COMMENT ON COLUMN schema_migrations.name IS 'File name of the migration.';
COMMENT ON COLUMN schema_migrations.applied_at IS 'When it was applied to this file.';
