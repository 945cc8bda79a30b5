CREATE TABLE `step_states_awaiting` (
	`id` text PRIMARY KEY NOT NULL,
	`shipment_id` text NOT NULL,
	`code` text NOT NULL,
	`at` text NOT NULL,
	`source` text NOT NULL,
	`received_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `step_states_awaiting_shipment_idx` ON `step_states_awaiting` (`shipment_id`);