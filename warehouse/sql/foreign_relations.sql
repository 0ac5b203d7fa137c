-- Tables, views and sequences in a file with no schema_migrations table: any at all means the
-- file belongs to another application (an empty file is a new warehouse).
SELECT table_schema || '.' || table_name
FROM information_schema.tables
WHERE table_catalog = current_database()
  AND table_schema NOT IN ('information_schema', 'pg_catalog')
ORDER BY 1
LIMIT 6;
