SELECT function_name, comment, parameters
FROM duckdb_functions()
WHERE function_type = 'table_macro' AND list_contains($names, function_name)
ORDER BY function_name
