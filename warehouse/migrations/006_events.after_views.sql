-- Applied with migration 006, once the views are current (board_events is one of them): the
-- history loaded before events were recorded has its events, known, not news, so no receiver
-- added later is sent them.
INSERT INTO events BY NAME
SELECT row_number() OVER (ORDER BY captured_at, tier, snapshot_id, kind, model_key, column_name) AS event_seq,
       event_id, tier, snapshot_id, previous_snapshot_id, content_sha256, captured_at, kind, model, model_key, column_name,
       old_value, new_value, old_rank, new_rank, index_version, across_methodology_change, detail,
       NULL AS source, now() AS recorded_at, false AS backfill
FROM board_events;
