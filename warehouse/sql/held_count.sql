SELECT count(*) FROM held_boards WHERE accepted_at IS NULL
