CREATE TABLE `notifications` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`order_client_id` text,
	`history_id` text,
	`state` text,
	`message` text NOT NULL,
	`at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `notifications_history_idx` ON `notifications` (`order_client_id`,`history_id`);--> statement-breakpoint
CREATE TABLE `order_state_history` (
	`id` text PRIMARY KEY NOT NULL,
	`order_client_id` text NOT NULL,
	`rule_id` text NOT NULL,
	`state` text NOT NULL,
	`position` integer NOT NULL,
	`started_at` text NOT NULL,
	`fulfilled_at` text NOT NULL,
	`valid_from` text NOT NULL,
	`valid_to` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`order_client_id`) REFERENCES `orders`(`client_id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `order_state_history_rule_idx` ON `order_state_history` (`order_client_id`,`rule_id`);--> statement-breakpoint
CREATE TABLE `order_state_process` (
	`order_client_id` text PRIMARY KEY NOT NULL,
	`scenario` text NOT NULL,
	`state` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`partial_runs` integer DEFAULT 0 NOT NULL,
	`due_at` text NOT NULL,
	`last_error` text,
	`enqueued_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`order_client_id`) REFERENCES `orders`(`client_id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `order_state_process_due_idx` ON `order_state_process` (`state`,`due_at`,`order_client_id`);--> statement-breakpoint
CREATE TABLE `order_state_rules` (
	`id` text PRIMARY KEY NOT NULL,
	`state` text NOT NULL,
	`code` text NOT NULL,
	`min_percent` integer NOT NULL,
	`position` integer NOT NULL,
	`active` integer NOT NULL,
	`version` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `shipping_index` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`shipment_id` text NOT NULL,
	`order_client_id` text NOT NULL,
	`order_number` text DEFAULT '' NOT NULL,
	`customer` text DEFAULT '' NOT NULL,
	`address` text DEFAULT '' NOT NULL,
	`carrier` text DEFAULT '' NOT NULL,
	`tracking_no` text DEFAULT '' NOT NULL,
	`last_step` text,
	`order_state` text,
	`order_state_since` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `shipping_index_shipment_idx` ON `shipping_index` (`shipment_id`);--> statement-breakpoint
CREATE INDEX `shipping_index_order_idx` ON `shipping_index` (`order_client_id`);--> statement-breakpoint
CREATE TABLE `step_states` (
	`id` text PRIMARY KEY NOT NULL,
	`shipment_id` text NOT NULL,
	`order_client_id` text NOT NULL,
	`code` text NOT NULL,
	`at` text NOT NULL,
	`source` text NOT NULL,
	`recorded_at` text NOT NULL,
	FOREIGN KEY (`order_client_id`) REFERENCES `orders`(`client_id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `step_states_order_idx` ON `step_states` (`order_client_id`);--> statement-breakpoint
CREATE INDEX `step_states_shipment_idx` ON `step_states` (`shipment_id`,`at`);