PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_outbox` (
	`seq` integer PRIMARY KEY NOT NULL,
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
	`request_id` integer,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`done_at` text
);
--> statement-breakpoint
INSERT INTO `__new_outbox`("seq", "op_id", "order_client_id", "kind", "target_id", "fields", "payload", "order_rev", "idempotency_key", "keys", "depends_on", "state", "attempts", "next_attempt_at", "last_error", "request_id", "created_at", "updated_at", "done_at") SELECT "seq", "op_id", "order_client_id", "kind", "target_id", "fields", "payload", "order_rev", "idempotency_key", "keys", "depends_on", "state", "attempts", "next_attempt_at", "last_error", "request_id", "created_at", "updated_at", "done_at" FROM `outbox`;--> statement-breakpoint
DROP TABLE `outbox`;--> statement-breakpoint
ALTER TABLE `__new_outbox` RENAME TO `outbox`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `outbox_order_idx` ON `outbox` (`order_client_id`,`seq`);--> statement-breakpoint
CREATE INDEX `outbox_open_idx` ON `outbox` (`state`,`seq`) WHERE state in ('pending', 'failed', 'blocked');