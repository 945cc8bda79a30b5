-- ShippingIndex full-text search and the triggers that keep the index in step (SPEC §6).
-- The FTS5 table is external-content over shipping_index (rowid = shipping_index.id). It indexes
-- the descriptive columns only: the order-state columns are written by the reconstruction and
-- must never cost an FTS rewrite, so the update trigger fires only for the indexed columns.
CREATE VIRTUAL TABLE `shipping_index_fts` USING fts5(
	order_number, customer, address, carrier, tracking_no, last_step,
	content='shipping_index', content_rowid='id',
	tokenize='unicode61 remove_diacritics 2', prefix='2 3 4'
);
--> statement-breakpoint
CREATE TRIGGER `shipping_index_fts_ai` AFTER INSERT ON `shipping_index` BEGIN
	INSERT INTO shipping_index_fts (rowid, order_number, customer, address, carrier, tracking_no, last_step)
	VALUES (new.id, new.order_number, new.customer, new.address, new.carrier, new.tracking_no, new.last_step);
END;
--> statement-breakpoint
CREATE TRIGGER `shipping_index_fts_ad` AFTER DELETE ON `shipping_index` BEGIN
	INSERT INTO shipping_index_fts (shipping_index_fts, rowid, order_number, customer, address, carrier, tracking_no, last_step)
	VALUES ('delete', old.id, old.order_number, old.customer, old.address, old.carrier, old.tracking_no, old.last_step);
END;
--> statement-breakpoint
CREATE TRIGGER `shipping_index_fts_au` AFTER UPDATE OF order_number, customer, address, carrier, tracking_no, last_step ON `shipping_index` BEGIN
	INSERT INTO shipping_index_fts (shipping_index_fts, rowid, order_number, customer, address, carrier, tracking_no, last_step)
	VALUES ('delete', old.id, old.order_number, old.customer, old.address, old.carrier, old.tracking_no, old.last_step);
	INSERT INTO shipping_index_fts (rowid, order_number, customer, address, carrier, tracking_no, last_step)
	VALUES (new.id, new.order_number, new.customer, new.address, new.carrier, new.tracking_no, new.last_step);
END;
--> statement-breakpoint
-- A new shipment gets its index row. Adding or removing a shipment changes n, the share every
-- rule is measured against, so an order that has step states is marked for a full (deletion
-- scenario) reconstruction. The upsert guards against a leftover row for the same shipment.
CREATE TRIGGER `shipments_index_ai` AFTER INSERT ON `shipments` BEGIN
	INSERT INTO shipping_index (shipment_id, order_client_id, order_number, customer, address, carrier, tracking_no,
		last_step, order_state, order_state_since)
	SELECT new.shipment_id, o.client_id,
		CASE WHEN o.server_id > 0 THEN CAST(o.server_id AS TEXT) ELSE '' END,
		CASE WHEN json_valid(o.customer)
			THEN trim(coalesce(json_extract(o.customer, '$.name'), '') || ' ' || coalesce(json_extract(o.customer, '$.phone'), ''))
			ELSE coalesce(o.customer, '') END,
		coalesce(o.delivery_address, ''), new.carrier, new.tracking_no,
		(SELECT s.code FROM step_states s WHERE s.shipment_id = new.shipment_id ORDER BY s.at DESC, s.id DESC LIMIT 1),
		o.order_state, o.order_state_since
	FROM orders o WHERE o.client_id = new.order_client_id
	ON CONFLICT (shipment_id) DO UPDATE SET order_client_id = excluded.order_client_id, order_number = excluded.order_number,
		customer = excluded.customer, address = excluded.address, carrier = excluded.carrier,
		tracking_no = excluded.tracking_no, last_step = excluded.last_step, order_state = excluded.order_state,
		order_state_since = excluded.order_state_since;
	UPDATE orders SET order_state_process_required = 2
	WHERE client_id = new.order_client_id AND EXISTS (SELECT 1 FROM step_states s WHERE s.order_client_id = new.order_client_id);
END;
--> statement-breakpoint
CREATE TRIGGER `shipments_index_au` AFTER UPDATE OF carrier, tracking_no ON `shipments`
WHEN old.carrier IS NOT new.carrier OR old.tracking_no IS NOT new.tracking_no BEGIN
	UPDATE shipping_index SET carrier = new.carrier, tracking_no = new.tracking_no WHERE shipment_id = new.shipment_id;
END;
--> statement-breakpoint
CREATE TRIGGER `shipments_index_ad` AFTER DELETE ON `shipments` BEGIN
	DELETE FROM shipping_index WHERE shipment_id = old.shipment_id;
	UPDATE orders SET order_state_process_required = 2
	WHERE client_id = old.order_client_id AND EXISTS (SELECT 1 FROM step_states s WHERE s.order_client_id = old.order_client_id);
END;
--> statement-breakpoint
-- The order's number, customer and address are copied into each of its shipments' rows.
CREATE TRIGGER `orders_index_au` AFTER UPDATE OF server_id, customer, delivery_address ON `orders`
WHEN old.server_id IS NOT new.server_id OR old.customer IS NOT new.customer OR old.delivery_address IS NOT new.delivery_address BEGIN
	UPDATE shipping_index SET
		order_number = CASE WHEN new.server_id > 0 THEN CAST(new.server_id AS TEXT) ELSE '' END,
		customer = CASE WHEN json_valid(new.customer)
			THEN trim(coalesce(json_extract(new.customer, '$.name'), '') || ' ' || coalesce(json_extract(new.customer, '$.phone'), ''))
			ELSE coalesce(new.customer, '') END,
		address = coalesce(new.delivery_address, '')
	WHERE order_client_id = new.client_id;
END;
--> statement-breakpoint
-- last_step = the code of the shipment's latest notice; written only when it differs, so an
-- unchanged value never costs an FTS rewrite.
CREATE TRIGGER `step_states_index_ai` AFTER INSERT ON `step_states` BEGIN
	UPDATE shipping_index
	SET last_step = (SELECT s.code FROM step_states s WHERE s.shipment_id = new.shipment_id ORDER BY s.at DESC, s.id DESC LIMIT 1)
	WHERE shipment_id = new.shipment_id
		AND last_step IS NOT (SELECT s.code FROM step_states s WHERE s.shipment_id = new.shipment_id ORDER BY s.at DESC, s.id DESC LIMIT 1);
END;
--> statement-breakpoint
CREATE TRIGGER `step_states_index_au` AFTER UPDATE ON `step_states` BEGIN
	UPDATE shipping_index
	SET last_step = (SELECT s.code FROM step_states s WHERE s.shipment_id = shipping_index.shipment_id ORDER BY s.at DESC, s.id DESC LIMIT 1)
	WHERE shipment_id IN (old.shipment_id, new.shipment_id)
		AND last_step IS NOT (SELECT s.code FROM step_states s WHERE s.shipment_id = shipping_index.shipment_id ORDER BY s.at DESC, s.id DESC LIMIT 1);
END;
--> statement-breakpoint
CREATE TRIGGER `step_states_index_ad` AFTER DELETE ON `step_states` BEGIN
	UPDATE shipping_index
	SET last_step = (SELECT s.code FROM step_states s WHERE s.shipment_id = old.shipment_id ORDER BY s.at DESC, s.id DESC LIMIT 1)
	WHERE shipment_id = old.shipment_id
		AND last_step IS NOT (SELECT s.code FROM step_states s WHERE s.shipment_id = old.shipment_id ORDER BY s.at DESC, s.id DESC LIMIT 1);
END;
--> statement-breakpoint
-- Shipments that existed before this migration get their rows (the insert trigger fills the FTS).
INSERT INTO shipping_index (shipment_id, order_client_id, order_number, customer, address, carrier, tracking_no, order_state, order_state_since)
SELECT sh.shipment_id, o.client_id,
	CASE WHEN o.server_id > 0 THEN CAST(o.server_id AS TEXT) ELSE '' END,
	CASE WHEN json_valid(o.customer)
		THEN trim(coalesce(json_extract(o.customer, '$.name'), '') || ' ' || coalesce(json_extract(o.customer, '$.phone'), ''))
		ELSE coalesce(o.customer, '') END,
	coalesce(o.delivery_address, ''), sh.carrier, sh.tracking_no, o.order_state, o.order_state_since
FROM shipments sh JOIN orders o ON o.client_id = sh.order_client_id
ORDER BY sh.order_client_id, sh.position;
