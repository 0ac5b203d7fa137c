-- Each board's events for its feed: those of its newest $limit snapshots that had any (failed
-- runs belong to no snapshot and go to notifications only). One query for every board: a run
-- writes all their feeds at once.
WITH snapshots_with_events AS (
    SELECT tier, snapshot_id
    FROM events
    WHERE list_contains($tiers, tier) AND snapshot_id IS NOT NULL AND withdrawn_at IS NULL
    GROUP BY tier, snapshot_id
    QUALIFY row_number() OVER (PARTITION BY tier ORDER BY max(captured_at) DESC, snapshot_id DESC) <= $limit
)
SELECT e.*
FROM events e JOIN snapshots_with_events USING (tier, snapshot_id)
WHERE e.withdrawn_at IS NULL
ORDER BY e.tier, e.captured_at DESC, e.snapshot_id DESC, e.event_seq
