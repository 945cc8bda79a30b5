DROP INDEX `step_states_order_idx`;--> statement-breakpoint
CREATE INDEX `step_states_order_code_idx` ON `step_states` (`order_client_id`,`code`,`at`,`shipment_id`);--> statement-breakpoint
DROP INDEX `shipments_order_idx`;--> statement-breakpoint
CREATE INDEX `shipments_order_idx` ON `shipments` (`order_client_id`,`position`,`shipment_id`);