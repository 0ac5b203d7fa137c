-- Analyst tables and views with their comments, in the order the data dictionary lists them.
SELECT r.name, r.kind, r.comment
FROM (
    SELECT view_name AS name, 'view' AS kind, comment FROM duckdb_views() WHERE NOT internal AND schema_name = 'main'
    UNION ALL
    SELECT table_name, 'table', comment FROM duckdb_tables() WHERE schema_name = 'main'
) r
JOIN (SELECT unnest($names) AS name, generate_subscripts($names, 1) AS position) wanted USING (name)
ORDER BY wanted.position
