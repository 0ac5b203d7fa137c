-- Does this warehouse hold a snapshot of this content (a page's sha256), read without failure?
SELECT count(*) > 0
FROM snapshots s
JOIN parse_runs r ON r.snapshot_id = s.snapshot_id AND r.status = 'ok'
WHERE s.content_sha256 = $sha
