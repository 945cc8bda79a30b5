CREATE TABLE `changes` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`entity` text NOT NULL,
	`ref` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `changes_entity_ref_idx` ON `changes` (`entity`,`ref`);--> statement-breakpoint
CREATE TABLE `idempotency_records` (
	`device_id` text NOT NULL,
	`key` text NOT NULL,
	`fingerprint` text NOT NULL,
	`status` integer NOT NULL,
	`body` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	PRIMARY KEY(`device_id`, `key`)
);
--> statement-breakpoint
CREATE INDEX `idempotency_records_created_idx` ON `idempotency_records` (`created_at`);--> statement-breakpoint
CREATE TABLE `order_state_rules` (
	`id` text PRIMARY KEY NOT NULL,
	`state` text NOT NULL,
	`code` text NOT NULL,
	`min_percent` integer NOT NULL,
	`position` integer NOT NULL,
	`active` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `orders` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`client_id` text NOT NULL,
	`device_id` text NOT NULL,
	`status` text NOT NULL,
	`currency` text NOT NULL,
	`lines` text NOT NULL,
	`total` integer NOT NULL,
	`customer` text,
	`delivery` text,
	`sale_id` integer,
	`version` integer NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `orders_client_id_unique` ON `orders` (`client_id`);--> statement-breakpoint
CREATE TABLE `products` (
	`sku` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`price` integer NOT NULL,
	`currency` text NOT NULL,
	`barcode` text,
	`position` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sales` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`client_id` text NOT NULL,
	`order_id` integer NOT NULL,
	`device_id` text NOT NULL,
	`receipt_no` text NOT NULL,
	`total` integer NOT NULL,
	`transactions` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sales_client_id_unique` ON `sales` (`client_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `sales_order_id_unique` ON `sales` (`order_id`);--> statement-breakpoint
CREATE TABLE `settings` (
	`name` text PRIMARY KEY NOT NULL,
	`value` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `shipments` (
	`shipment_id` text PRIMARY KEY NOT NULL,
	`order_id` integer NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `shipments_order_idx` ON `shipments` (`order_id`);--> statement-breakpoint
CREATE TABLE `state_history` (
	`id` text PRIMARY KEY NOT NULL,
	`order_id` integer NOT NULL,
	`rule_id` text NOT NULL,
	`state` text NOT NULL,
	`started_at` text NOT NULL,
	`fulfilled_at` text NOT NULL,
	`valid_from` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `state_history_order_idx` ON `state_history` (`order_id`);--> statement-breakpoint
CREATE TABLE `step_states` (
	`id` text PRIMARY KEY NOT NULL,
	`shipment_id` text NOT NULL,
	`order_id` integer NOT NULL,
	`code` text NOT NULL,
	`at` text NOT NULL,
	`source` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `step_states_order_idx` ON `step_states` (`order_id`);