-- Snapshots among the given page contents, their stored capture times, and the parser versions
-- that already read them.
SELECT s.content_sha256, s.snapshot_id, list(DISTINCT b.parser_version) FILTER (WHERE b.parser_version IS NOT NULL),
       s.captured_at, s.capture_time_source
FROM snapshots s LEFT JOIN boards b USING (snapshot_id)
WHERE list_contains($shas, s.content_sha256)
GROUP BY ALL
