-- Every board of these tiers as the views would use it (current parser version), with whether it
-- is held: what new boards are judged against (their size, their contract), in capture order.
-- captured_at as UTC wall time (TIMESTAMP): a TIMESTAMPTZ would load pytz into every run for nothing.
SELECT b.snapshot_id, b.tier, b.row_count, timezone('UTC', s.captured_at) AS captured_at_utc,
       -- A retracted snapshot is no board to be judged against either.
       h.snapshot_id IS NOT NULL
           OR EXISTS (SELECT 1 FROM retractions r WHERE r.snapshot_id = b.snapshot_id AND r.undone_at IS NULL) AS held,
       b.index_version, b.carried_fields
FROM boards b
JOIN current_parser_versions v USING (snapshot_id, tier, parser_version)
JOIN snapshots s USING (snapshot_id)
LEFT JOIN held_boards h ON h.snapshot_id = b.snapshot_id AND h.tier = b.tier AND h.accepted_at IS NULL
WHERE list_contains($tiers, b.tier)
ORDER BY s.captured_at, b.snapshot_id
