-- The warehouse's last change, in microseconds since the epoch: the newest snapshot loaded,
-- parse run recorded, board held or accepted, event recorded. A rolled-back load changes none
-- of them, so a copy is current exactly when its own last change is the same.
SELECT coalesce(greatest(
    (SELECT max(epoch_us(ingested_at)) FROM snapshots),
    (SELECT max(epoch_us(finished_at)) FROM parse_runs),
    (SELECT max(epoch_us(greatest(held_at, coalesce(accepted_at, held_at)))) FROM held_boards),
    (SELECT max(epoch_us(recorded_at)) FROM events)
), 0)
