-- In the published copy only: delivery state is the writer's, not the analysts'. Keyed as it is,
-- it is still left out, so nothing in the copy bears on a receiver.
DELETE FROM notification_deliveries;
DELETE FROM notification_targets;
