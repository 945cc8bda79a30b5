CREATE TABLE `order_lines` (
	`line_id` text PRIMARY KEY NOT NULL,
	`order_client_id` text NOT NULL,
	`position` integer NOT NULL,
	`sku` text NOT NULL,
	`name` text NOT NULL,
	`qty` integer NOT NULL,
	`unit_price` integer NOT NULL,
	`discount` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`order_client_id`) REFERENCES `orders`(`client_id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `order_lines_order_idx` ON `order_lines` (`order_client_id`,`position`);--> statement-breakpoint
CREATE TABLE `orders` (
	`client_id` text PRIMARY KEY NOT NULL,
	`server_id` integer DEFAULT 0 NOT NULL,
	`version` integer DEFAULT 0 NOT NULL,
	`status` text NOT NULL,
	`sync_status` text NOT NULL,
	`blocked_reason` text,
	`currency` text NOT NULL,
	`customer` text,
	`delivery_address` text,
	`total` integer DEFAULT 0 NOT NULL,
	`local_rev` integer DEFAULT 0 NOT NULL,
	`order_state_process_required` integer DEFAULT 0 NOT NULL,
	`order_state` text,
	`order_state_since` text,
	`server_base` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `orders_status_idx` ON `orders` (`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `orders_server_id_idx` ON `orders` (`server_id`);--> statement-breakpoint
CREATE INDEX `orders_state_marker_idx` ON `orders` (`order_state_process_required`) WHERE order_state_process_required > 0;--> statement-breakpoint
CREATE TABLE `shipments` (
	`shipment_id` text PRIMARY KEY NOT NULL,
	`order_client_id` text NOT NULL,
	`position` integer NOT NULL,
	`carrier` text NOT NULL,
	`tracking_no` text NOT NULL,
	FOREIGN KEY (`order_client_id`) REFERENCES `orders`(`client_id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `shipments_order_idx` ON `shipments` (`order_client_id`,`position`);--> statement-breakpoint
CREATE TABLE `payment_attempts` (
	`attempt_id` text PRIMARY KEY NOT NULL,
	`order_client_id` text NOT NULL,
	`method` text NOT NULL,
	`amount` integer NOT NULL,
	`reference` text,
	`state` text NOT NULL,
	`tx_id` text,
	`error` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`order_client_id`) REFERENCES `orders`(`client_id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `payment_attempts_order_idx` ON `payment_attempts` (`order_client_id`,`state`);--> statement-breakpoint
CREATE TABLE `sales` (
	`client_id` text PRIMARY KEY NOT NULL,
	`order_client_id` text NOT NULL,
	`receipt_no` text NOT NULL,
	`total` integer NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`order_client_id`) REFERENCES `orders`(`client_id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sales_order_idx` ON `sales` (`order_client_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `sales_receipt_idx` ON `sales` (`receipt_no`);--> statement-breakpoint
CREATE TABLE `transactions` (
	`tx_id` text PRIMARY KEY NOT NULL,
	`order_client_id` text NOT NULL,
	`sale_client_id` text,
	`method` text NOT NULL,
	`amount` integer NOT NULL,
	`reference` text,
	`tendered` integer,
	`change` integer,
	`refund_of` text,
	`at` text NOT NULL,
	FOREIGN KEY (`order_client_id`) REFERENCES `orders`(`client_id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `transactions_order_idx` ON `transactions` (`order_client_id`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`op_id` text NOT NULL,
	`order_client_id` text NOT NULL,
	`kind` text NOT NULL,
	`target_id` text,
	`fields` text,
	`payload` text,
	`order_rev` integer NOT NULL,
	`idempotency_key` text NOT NULL,
	`keys` text DEFAULT '[]' NOT NULL,
	`depends_on` integer,
	`state` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` text,
	`last_error` text,
	`frozen_request` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`done_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_op_id_idx` ON `outbox` (`op_id`);--> statement-breakpoint
CREATE INDEX `outbox_order_idx` ON `outbox` (`order_client_id`,`seq`);--> statement-breakpoint
CREATE INDEX `outbox_open_idx` ON `outbox` (`state`,`seq`) WHERE state in ('pending', 'failed', 'blocked');--> statement-breakpoint
CREATE TABLE `device_settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
