CREATE TABLE IF NOT EXISTS schema_objects (
    name        VARCHAR PRIMARY KEY,
    kind        VARCHAR NOT NULL,
    sha256      VARCHAR NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);
