CREATE TABLE `order_lines` (
	`line_id` text NOT NULL,
	`order_id` integer NOT NULL,
	PRIMARY KEY(`line_id`, `order_id`),
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `order_lines_order_idx` ON `order_lines` (`order_id`);
--> statement-breakpoint
-- Orders stored before this index: every line of every order, each order listed as a holder.
INSERT OR IGNORE INTO `order_lines` (`line_id`, `order_id`)
SELECT line.value ->> 'lineId', orders.id FROM `orders`, json_each(orders.lines) AS line;
