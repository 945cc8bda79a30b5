ALTER TABLE `orders` ADD `blocked_problem` text;--> statement-breakpoint
ALTER TABLE `outbox` ADD `last_problem` text;--> statement-breakpoint
ALTER TABLE `notifications` ADD `detail_problem` text;