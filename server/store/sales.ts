import type { Sale, SaleTransaction } from '../../common/backend-api.ts';
import type { Sqlite } from '../db/connection.ts';

interface SaleRow {
  id: number;
  client_id: string;
  order_id: number;
  device_id: string;
  receipt_no: string;
  total: number;
  transactions: string;
  created_at: string;
}

export type NewSale = Omit<Sale, 'id'> & { deviceId: string };

export function createSaleStore(sqlite: Sqlite) {
  const byId = sqlite.prepare<[number], SaleRow>('SELECT * FROM sales WHERE id = ?');
  const byClientId = sqlite.prepare<[string], SaleRow>('SELECT * FROM sales WHERE client_id = ?');
  const all = sqlite.prepare<[], SaleRow>('SELECT * FROM sales ORDER BY id');
  const insert = sqlite.prepare(
    `INSERT INTO sales (client_id, order_id, device_id, receipt_no, total, transactions, created_at)
     VALUES (@clientId, @orderId, @deviceId, @receiptNo, @total, @transactions, @createdAt)`,
  );
  const insertTransaction = sqlite.prepare<[string, number]>('INSERT INTO sale_transactions (tx_id, sale_id) VALUES (?, ?)');
  const transactionOwner = sqlite.prepare<[string], { sale_id: number; client_id: string; order_id: number }>(
    `SELECT t.sale_id, s.client_id, s.order_id FROM sale_transactions t JOIN sales s ON s.id = t.sale_id WHERE t.tx_id = ?`,
  );

  return {
    byId(id: number): Sale | undefined {
      const row = byId.get(id);
      return row && toSale(row);
    },
    byClientId(clientId: string): Sale | undefined {
      const row = byClientId.get(clientId);
      return row && toSale(row);
    },
    all(): Sale[] {
      return all.all().map(toSale);
    },
    /** The sale that recorded the transaction `txId`, if any. */
    saleOfTransaction(txId: string): { saleId: number; clientId: string; orderId: number } | undefined {
      const row = transactionOwner.get(txId);
      return row && { saleId: row.sale_id, clientId: row.client_id, orderId: row.order_id };
    },
    /** Records the sale and indexes its transactions (a txId already recorded throws: check first). */
    insert(sale: NewSale): Sale {
      const result = insert.run({ ...sale, transactions: JSON.stringify(sale.transactions) });
      const id = Number(result.lastInsertRowid);
      for (const tx of sale.transactions) insertTransaction.run(tx.txId, id);
      const { deviceId: _deviceId, ...stored } = sale;
      return { id, ...stored };
    },
  };
}

export type SaleStore = ReturnType<typeof createSaleStore>;

function toSale(row: SaleRow): Sale {
  return {
    id: row.id,
    clientId: row.client_id,
    orderId: row.order_id,
    receiptNo: row.receipt_no,
    total: row.total,
    transactions: JSON.parse(row.transactions) as SaleTransaction[],
    createdAt: row.created_at,
  };
}
