-- Boards already loaded from a page captured at one of these instants (microseconds since the
-- epoch, UTC): a second page of the same board at the same instant would make "latest" and
-- "as of" depend on load order, so it is refused.
SELECT DISTINCT epoch_us(s.captured_at) AS instant_us, b.tier, s.snapshot_id, s.source, s.content_sha256
FROM snapshots s
JOIN boards b USING (snapshot_id)
WHERE list_contains($instants, epoch_us(s.captured_at))
