-- Content already read by this parser version: loaded, or refused by it.
SELECT s.content_sha256
FROM boards b JOIN snapshots s USING (snapshot_id)
WHERE b.parser_version = $version
UNION
SELECT content_sha256 FROM parse_runs WHERE parser_version = $version AND status = 'failed'
