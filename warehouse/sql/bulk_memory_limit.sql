-- For bulk loads (reparse): bound DuckDB's cache, which otherwise keeps what was written.
SET memory_limit = '300MB'
