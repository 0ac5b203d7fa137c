SELECT count(*) FROM board_snapshots WHERE tier = $tier
