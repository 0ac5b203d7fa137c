-- What the catalogue holds under a view's or derived table's name, if anything: 'view' or 'table'.
SELECT 'view' FROM duckdb_views() WHERE NOT internal AND schema_name = 'main' AND view_name = $name
UNION ALL
SELECT 'table' FROM duckdb_tables() WHERE schema_name = 'main' AND table_name = $name
