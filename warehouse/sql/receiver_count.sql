SELECT count(*) FROM notification_targets
