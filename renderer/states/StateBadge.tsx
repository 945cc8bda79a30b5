import { useI18n } from '../use-i18n.ts';
import { stateLabel } from './state-label.ts';

/** A derived order state (SPEC §6), or "no state yet". */
export function StateBadge({ state }: { state: string | null }) {
  const { t } = useI18n();
  return (
    <span className={`badge badge-state${state ? ` badge-state-${state}` : ''}`} data-testid="state-badge" data-state={state ?? ''}>
      {state ? stateLabel(t, state) : t('timeline.noState')}
    </span>
  );
}
