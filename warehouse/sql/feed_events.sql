-- A board's events for its feed: those of its newest $limit snapshots that had any (failed runs
-- belong to no snapshot and go to notifications only).
WITH snapshots_with_events AS (
    SELECT snapshot_id, max(captured_at) AS captured_at
    FROM events
    WHERE tier = $tier AND snapshot_id IS NOT NULL AND withdrawn_at IS NULL
    GROUP BY snapshot_id
    ORDER BY captured_at DESC, snapshot_id DESC
    LIMIT $limit
)
SELECT e.*
FROM events e JOIN snapshots_with_events USING (snapshot_id)
WHERE e.tier = $tier AND e.withdrawn_at IS NULL
ORDER BY e.captured_at DESC, e.snapshot_id DESC, e.event_seq
