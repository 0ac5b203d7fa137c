-- board_events as the history holds now, for the snapshots a run's ledger statements look at
-- (affected_snapshots.sql), read once for the three of them. Every event the statements compare
-- belongs to one of these snapshots: an event's id names its snapshot's page. Given as a list
-- of constants, the filter reaches the history's scans, so a night's events cost what that night
-- changed, not the whole history (a year of nights: 115 ms instead of 365). It does not depend on
-- the ledger, so the statements see the same rows either way. Temporary: gone with the connection.
CREATE OR REPLACE TEMP TABLE current_board_events AS
SELECT * FROM board_events WHERE list_contains($affected::BIGINT[], snapshot_id)
