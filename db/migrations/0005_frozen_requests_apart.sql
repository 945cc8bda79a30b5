CREATE TABLE `outbox_requests` (
	`id` integer PRIMARY KEY NOT NULL,
	`seq` integer NOT NULL,
	`request` text NOT NULL
);
--> statement-breakpoint
ALTER TABLE `outbox` ADD `request_id` integer;--> statement-breakpoint
-- Requests frozen before this migration move to the new table, keeping their operation's seq as id.
INSERT INTO `outbox_requests` (`id`, `seq`, `request`) SELECT `seq`, `seq`, `frozen_request` FROM `outbox` WHERE `frozen_request` IS NOT NULL;--> statement-breakpoint
UPDATE `outbox` SET `request_id` = `seq` WHERE `frozen_request` IS NOT NULL;
