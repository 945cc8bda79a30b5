ALTER TABLE `orders` ADD `blocked_problem` text;--> statement-breakpoint
ALTER TABLE `payment_attempts` ADD `error_problem` text;--> statement-breakpoint
ALTER TABLE `sales` ADD `void_problem` text;--> statement-breakpoint
ALTER TABLE `outbox` ADD `last_problem` text;--> statement-breakpoint
ALTER TABLE `notifications` ADD `detail_problem` text;