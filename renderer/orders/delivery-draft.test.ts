import { describe, expect, it } from 'vitest';
import { customerOf, deliveryOf, deliveryProblem, draftOf, sameCustomer, sameDelivery } from './delivery-draft.ts';

const stored = {
  customer: { name: 'Ana García', phone: '600 111 222' },
  delivery: { address: 'Calle Mayor 5', shipments: [{ shipmentId: 's1', carrier: 'SEUR', trackingNo: 'T1' }] },
};

describe('the customer and delivery form', () => {
  it('gives back what the order holds when nothing was typed', () => {
    const draft = draftOf(stored);
    expect(sameCustomer(customerOf(draft), stored.customer)).toBe(true);
    expect(sameDelivery(deliveryOf(draft), stored.delivery)).toBe(true);
  });

  it('trims what was typed, drops empty rows and keeps the ids of shipments the order has', () => {
    const draft = draftOf(stored);
    draft.name = '  Ana García ';
    draft.phone = ' ';
    draft.address = ' Calle Mayor 7 ';
    draft.shipments.push({ carrier: ' GLS ', trackingNo: 'G9 ' }, { carrier: '', trackingNo: '  ' });
    expect(customerOf(draft)).toEqual({ name: 'Ana García' });
    expect(deliveryOf(draft)).toEqual({
      address: 'Calle Mayor 7',
      shipments: [
        { shipmentId: 's1', carrier: 'SEUR', trackingNo: 'T1' },
        { carrier: 'GLS', trackingNo: 'G9' },
      ],
    });
    expect(sameDelivery(deliveryOf(draft), stored.delivery)).toBe(false);
  });

  it('clears the customer without a name and the delivery when it is switched off', () => {
    const draft = draftOf(stored);
    draft.name = '';
    draft.delivers = false;
    expect(customerOf(draft)).toBeNull();
    expect(deliveryOf(draft)).toBeNull();
    expect(sameCustomer(null, stored.customer)).toBe(false);
    expect(sameDelivery(null, null)).toBe(true);
  });

  it('refuses a phone without a name (a customer is kept by name, so the phone would be lost), delivered or not', () => {
    const draft = draftOf({ customer: null, delivery: null });
    draft.phone = '600 111 222';
    draft.name = '  ';
    expect(deliveryProblem(draft)).toEqual({ kind: 'name' });
    draft.delivers = true;
    expect(deliveryProblem(draft)).toEqual({ kind: 'name' });
    draft.name = 'Ana';
    expect(deliveryProblem(draft)).toEqual({ kind: 'address' });
    draft.delivers = false;
    expect(deliveryProblem(draft)).toBeNull();
    expect(customerOf(draft)).toEqual({ name: 'Ana', phone: '600 111 222' });
  });

  it('keeps a half-filled row, for the terminal to refuse with the field named', () => {
    const draft = draftOf({ customer: null, delivery: null });
    draft.delivers = true;
    draft.shipments.push({ carrier: 'SEUR', trackingNo: '' });
    expect(deliveryOf(draft)).toEqual({ address: '', shipments: [{ carrier: 'SEUR', trackingNo: '' }] });
  });

  it('names what is missing before saving: the address, or a row’s carrier or tracking number (rows from 1)', () => {
    const draft = draftOf({ customer: null, delivery: null });
    expect(deliveryProblem(draft)).toBeNull(); // not delivered: nothing to check
    draft.delivers = true;
    draft.address = '  ';
    expect(deliveryProblem(draft)).toEqual({ kind: 'address' });
    draft.address = 'Rúa Nova 12';
    draft.shipments.push({ carrier: 'SEUR', trackingNo: 'S1' }, { carrier: '', trackingNo: '' }, { carrier: 'GLS', trackingNo: ' ' });
    expect(deliveryProblem(draft)).toEqual({ kind: 'trackingNo', shipment: 3 });
    draft.shipments[2] = { carrier: ' ', trackingNo: 'G9' };
    expect(deliveryProblem(draft)).toEqual({ kind: 'carrier', shipment: 3 });
    draft.shipments[2] = { carrier: 'GLS', trackingNo: 'G9' };
    expect(deliveryProblem(draft)).toBeNull();
  });
});
