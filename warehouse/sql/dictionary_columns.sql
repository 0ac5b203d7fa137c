SELECT table_name, column_name, data_type, comment
FROM duckdb_columns()
WHERE schema_name = 'main' AND list_contains($names, table_name)
ORDER BY table_name, column_index
