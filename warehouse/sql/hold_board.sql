-- Hold one board of a snapshot back from the analyst views until it is accepted.
INSERT INTO held_boards (snapshot_id, tier, reason, held_at, accepted_at) VALUES ($snapshot_id, $tier, $reason, $held_at, NULL)
