ALTER TABLE `sales` ADD `voided_at` text;--> statement-breakpoint
ALTER TABLE `sales` ADD `void_reason` text;