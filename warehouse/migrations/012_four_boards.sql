-- The medium and large boards join small and tiny (parsers/boards.py defines the four): every
-- column that names a board says which there are. Nothing else changes; reparse fills the two
-- new boards from the archived catalogue pages, which carry all four.
COMMENT ON COLUMN board_events.tier IS 'Board: the site''s open-weights board by total parameters: tiny (<=4B), small (4B-40B), medium (40B-150B) or large (>150B).';
COMMENT ON COLUMN board_snapshots.tier IS 'Board: the site''s open-weights board by total parameters: tiny (<=4B), small (4B-40B), medium (40B-150B) or large (>150B).';
COMMENT ON COLUMN boards.tier IS 'Board: the site''s open-weights board by total parameters: tiny (<=4B), small (4B-40B), medium (40B-150B) or large (>150B).';
COMMENT ON COLUMN evaluation_history.tier IS 'Board: the site''s open-weights board by total parameters: tiny (<=4B), small (4B-40B), medium (40B-150B) or large (>150B).';
COMMENT ON COLUMN leaderboard_changes.tier IS 'Board: the site''s open-weights board by total parameters: tiny (<=4B), small (4B-40B), medium (40B-150B) or large (>150B).';
COMMENT ON COLUMN leaderboard_history.tier IS 'Board: the site''s open-weights board by total parameters: tiny (<=4B), small (4B-40B), medium (40B-150B) or large (>150B).';
COMMENT ON COLUMN leaderboard_latest.tier IS 'Board: the site''s open-weights board by total parameters: tiny (<=4B), small (4B-40B), medium (40B-150B) or large (>150B).';
COMMENT ON COLUMN leaderboard_latest_evaluations.tier IS 'Board: the site''s open-weights board by total parameters: tiny (<=4B), small (4B-40B), medium (40B-150B) or large (>150B).';
COMMENT ON COLUMN model_value_changes.tier IS 'Board: the site''s open-weights board by total parameters: tiny (<=4B), small (4B-40B), medium (40B-150B) or large (>150B).';
COMMENT ON COLUMN model_versions.tier IS 'Board: the site''s open-weights board by total parameters: tiny (<=4B), small (4B-40B), medium (40B-150B) or large (>150B).';
COMMENT ON COLUMN observations.tier IS 'Board: the site''s open-weights board by total parameters: tiny (<=4B), small (4B-40B), medium (40B-150B) or large (>150B).';
COMMENT ON COLUMN current_parser_versions.tier IS 'The board: tiny, small, medium or large.';
COMMENT ON COLUMN held_boards.tier IS 'The board: tiny, small, medium or large.';
COMMENT ON COLUMN events.tier IS 'Board: tiny, small, medium or large; NULL for a failure whose source names no board.';
COMMENT ON COLUMN snapshots.tiers IS 'Boards the page carried when first loaded: one for a board page (tiny, small, medium or large), every board for a catalogue page.';
