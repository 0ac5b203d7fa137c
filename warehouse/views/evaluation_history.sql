-- Per-evaluation scores, long format, for the board rows leaderboard_history shows.
CREATE OR REPLACE VIEW evaluation_history AS
SELECT h.tier, h.model, e.model_key, e.evaluation, e.score, e.snapshot_id, h.captured_at
FROM evaluation_scores e
JOIN leaderboard_history h ON h.snapshot_id = e.snapshot_id AND h.parser_version = e.parser_version AND h.model_key = e.model_key;
