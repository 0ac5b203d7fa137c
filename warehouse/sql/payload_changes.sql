-- What the payload reader says it no longer finds ("payload key intelligenceIndex gone; new keys:
-- ..."), as read from each board's newest snapshot, held or not: the page a person must look at.
WITH newest AS (
    SELECT b.tier, b.snapshot_id, b.parser_version,
           row_number() OVER (PARTITION BY b.tier ORDER BY s.captured_at DESC, b.snapshot_id DESC) AS newness
    FROM boards b
    JOIN current_parser_versions v USING (snapshot_id, tier, parser_version)
    JOIN snapshots s USING (snapshot_id)
), said AS (
    SELECT n.tier, n.snapshot_id, unnest(r.warnings) AS warning
    FROM newest n
    JOIN parse_runs r ON r.snapshot_id = n.snapshot_id AND r.parser_version = n.parser_version AND r.status = 'ok'
    WHERE n.newness = 1
)
SELECT DISTINCT tier, snapshot_id, warning
FROM said
WHERE starts_with(warning, 'payload key')
ORDER BY tier, warning
