-- The storage format of the file this connection is open on, as DuckDB names it ('v1.4.0+').
SELECT tags['storage_version'] FROM duckdb_databases() WHERE database_name = current_database()
