SELECT coalesce(max(event_seq), 0) FROM events
