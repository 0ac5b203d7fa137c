-- Snapshots among the given page contents, their stored capture times, and the boards each parser
-- version already read of them ("version tier": a page loaded with --tier has the others still to read).
SELECT s.content_sha256, s.snapshot_id,
       list(DISTINCT b.parser_version || ' ' || b.tier) FILTER (WHERE b.parser_version IS NOT NULL),
       s.captured_at, s.capture_time_source
FROM snapshots s LEFT JOIN boards b USING (snapshot_id)
WHERE list_contains($shas, s.content_sha256)
GROUP BY ALL
