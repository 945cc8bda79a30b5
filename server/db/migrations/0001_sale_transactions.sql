CREATE TABLE `sale_transactions` (
	`tx_id` text PRIMARY KEY NOT NULL,
	`sale_id` integer NOT NULL,
	FOREIGN KEY (`sale_id`) REFERENCES `sales`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
-- Sales recorded before this index: each txId goes to the first sale that recorded it.
INSERT OR IGNORE INTO `sale_transactions` (`tx_id`, `sale_id`)
SELECT tx.value ->> 'txId', sales.id FROM `sales`, json_each(sales.transactions) AS tx ORDER BY sales.id;
