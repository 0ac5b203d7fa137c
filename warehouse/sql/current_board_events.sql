-- board_events as the history holds now, read once for a run's three ledger statements (each
-- would otherwise derive it again from the whole history). It does not depend on the ledger, so
-- the statements see the same rows either way. Temporary: gone with the connection.
CREATE OR REPLACE TEMP TABLE current_board_events AS SELECT * FROM board_events
