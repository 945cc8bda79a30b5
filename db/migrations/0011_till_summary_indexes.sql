CREATE INDEX `sales_created_idx` ON `sales` (`created_at`);--> statement-breakpoint
CREATE INDEX `transactions_at_idx` ON `transactions` (`at`);