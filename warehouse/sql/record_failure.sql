-- A failed run's event (a source unreachable, a page refused); an id already recorded is kept.
INSERT INTO events (event_seq, event_id, tier, captured_at, kind, detail, source, recorded_at)
SELECT (SELECT coalesce(max(event_seq), 0) FROM events) + 1, $event_id, $tier, $started_at, 'failed', $detail, $source,
       $recorded_at
WHERE NOT EXISTS (SELECT 1 FROM events WHERE event_id = $event_id)
