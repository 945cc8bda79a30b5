-- The ShippingIndex's order number becomes the order's label as the screens show it (common/
-- order-label.ts `orderNumber`): the server's number once known, else the last six characters of
-- the client id in capitals ("A1B2C3"), which was ''. So an order not yet synced is found by its
-- label like any other ("#A1B2C3", "Order #a1b2"), from the full-text table as it is: no new
-- column, and only the rows of orders not yet synced get one word more. Custom (drizzle-kit
-- cannot express triggers): the two triggers that write the column are made again as in 0002,
-- with the label instead of ''; the rows written before are relabelled (the FTS update trigger
-- of 0009 follows). When the server numbers the order, orders_index_au writes the number over
-- the label, as it wrote it over '' before.
DROP TRIGGER `shipments_index_ai`;--> statement-breakpoint
CREATE TRIGGER `shipments_index_ai` AFTER INSERT ON `shipments` BEGIN
	INSERT INTO shipping_index (shipment_id, order_client_id, order_number, customer, address, carrier, tracking_no,
		last_step, order_state, order_state_since)
	SELECT new.shipment_id, o.client_id,
		CASE WHEN o.server_id > 0 THEN CAST(o.server_id AS TEXT) ELSE upper(substr(o.client_id, -6)) END,
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
DROP TRIGGER `orders_index_au`;--> statement-breakpoint
CREATE TRIGGER `orders_index_au` AFTER UPDATE OF server_id, customer, delivery_address ON `orders`
WHEN old.server_id IS NOT new.server_id OR old.customer IS NOT new.customer OR old.delivery_address IS NOT new.delivery_address BEGIN
	UPDATE shipping_index SET
		order_number = CASE WHEN new.server_id > 0 THEN CAST(new.server_id AS TEXT) ELSE upper(substr(new.client_id, -6)) END,
		customer = CASE WHEN json_valid(new.customer)
			THEN trim(coalesce(json_extract(new.customer, '$.name'), '') || ' ' || coalesce(json_extract(new.customer, '$.phone'), ''))
			ELSE coalesce(new.customer, '') END,
		address = coalesce(new.delivery_address, '')
	WHERE order_client_id = new.client_id;
END;
--> statement-breakpoint
UPDATE shipping_index SET order_number = upper(substr(order_client_id, -6)) WHERE order_number = '';
