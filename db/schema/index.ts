export * from './orders.ts';
export * from './payments.ts';
export * from './outbox.ts';
export * from './settings.ts';
export * from './states.ts';
