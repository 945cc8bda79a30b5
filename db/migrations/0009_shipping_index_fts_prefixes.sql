-- The ShippingIndex's full-text table again (custom: drizzle-kit cannot express it), with prefix
-- indexes for every length from 2 to 10 characters and no positions (detail=none).
-- The last word typed is searched as a prefix; FTS5 answers a prefix from its own index only at
-- a configured length, and otherwise merges the lists of every term that starts with it: with
-- 1,000,000 shipments a five-letter or longer surname took 1.4 ms that way, 0.17 ms from its
-- index. The search never asks for positions (no phrases of several words, no NEAR, no column
-- filters: shipping-index.ts quotes single words), and without them the index is a third smaller
-- despite the extra prefixes. Same columns, content table and tokenizer as 0002; the triggers on
-- shipping_index are dropped with the table they write to and made again as they were.
DROP TRIGGER `shipping_index_fts_ai`;--> statement-breakpoint
DROP TRIGGER `shipping_index_fts_ad`;--> statement-breakpoint
DROP TRIGGER `shipping_index_fts_au`;--> statement-breakpoint
DROP TABLE `shipping_index_fts`;--> statement-breakpoint
CREATE VIRTUAL TABLE `shipping_index_fts` USING fts5(
	order_number, customer, address, carrier, tracking_no, last_step,
	content='shipping_index', content_rowid='id',
	tokenize='unicode61 remove_diacritics 2', prefix='2 3 4 5 6 7 8 9 10', detail=none
);
--> statement-breakpoint
INSERT INTO shipping_index_fts (shipping_index_fts) VALUES ('rebuild');
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
