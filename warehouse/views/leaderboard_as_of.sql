-- Each board as it stood at ts: its latest snapshot captured at or before ts.
CREATE OR REPLACE MACRO leaderboard_as_of(ts) AS TABLE
WITH chosen AS (
    SELECT tier, max_by(snapshot_id, (captured_at, snapshot_id)) AS snapshot_id
    FROM board_snapshots
    WHERE captured_at <= CAST(ts AS TIMESTAMPTZ)
    GROUP BY tier
)
SELECT h.* FROM leaderboard_history h JOIN chosen USING (tier, snapshot_id);
