/**
 * The one IPC channel commands travel on, and the one events travel on. A file of its own so
 * the sandboxed preload can take them without loading the contract's schemas.
 */
export const IPC_INVOKE_CHANNEL = 'pos:invoke';
export const IPC_EVENT_CHANNEL = 'pos:event';
