import type { ReactNode } from 'react';

interface Props {
  testId: string;
  /** The order the row opens (its `data-order-id`). */
  orderId: string;
  selected: boolean;
  onSelect: (orderId: string) => void;
  children: ReactNode;
}

/** One row of a list of orders (active, finished, shipments found): a button that opens its order, marked while open. */
export function RowButton({ testId, orderId, selected, onSelect, children }: Props) {
  return (
    <button
      type="button"
      className={`order-row${selected ? ' selected' : ''}`}
      data-testid={testId}
      data-order-id={orderId}
      aria-current={selected}
      onClick={() => onSelect(orderId)}
    >
      {children}
    </button>
  );
}
