import type { Context } from '../context.ts';
import type { StatesService } from '../states/states-service.ts';
import type { PullHooks } from './puller.ts';

/** What the pull hands to the order-state domain: carriers' notices, removals and rule sets. */
export function statePullHooks(ctx: Context, states: StatesService): PullHooks {
  const orderOfShipment = ctx.sqlite.prepare<[string], { order_client_id: string }>('select order_client_id from shipments where shipment_id = ?');
  const orderOfStepState = ctx.sqlite.prepare<[string], { order_client_id: string }>('select order_client_id from step_states where id = ?');
  return {
    stepState(stepState) {
      if (states.applyServerStepState(stepState) === 'awaiting_shipment') return null;
      return orderOfShipment.get(stepState.shipmentId)?.order_client_id ?? null;
    },
    stepStateRemoved(id) {
      const order = orderOfStepState.get(id)?.order_client_id ?? null;
      return states.removeServerStepState(id) ? order : null;
    },
    afterChanges() {
      return states.takeArrived();
    },
    rules(rules, version) {
      states.replaceRules(rules, version);
      states.kick();
    },
    afterPage() {
      states.kick();
    },
  };
}
