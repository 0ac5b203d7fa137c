-- The snapshots whose events a change to these snapshots can alter: themselves, and the board
-- snapshots now compared with them (the night after a capture loaded late, or after one retracted).
SELECT unnest($snapshot_ids::BIGINT[]) AS snapshot_id
UNION
SELECT snapshot_id FROM board_snapshots WHERE list_contains($snapshot_ids::BIGINT[], previous_snapshot_id)
