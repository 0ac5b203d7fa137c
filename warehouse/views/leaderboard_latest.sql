-- The newest snapshot of each board.
CREATE OR REPLACE VIEW leaderboard_latest AS
WITH latest AS (
    SELECT tier, max_by(snapshot_id, (captured_at, snapshot_id)) AS snapshot_id
    FROM board_snapshots
    GROUP BY tier
)
SELECT h.* FROM leaderboard_history h JOIN latest USING (tier, snapshot_id);
