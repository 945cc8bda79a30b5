import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../../main/states/rules.ts';
import { translate, type StringKey } from '../i18n.ts';
import { stateLabel, stepLabel } from './state-label.ts';

const inRussian = (key: StringKey) => translate('ru', key);

describe('state and notice labels', () => {
  it('reads every built-in rule’s state and notice code in the staff’s language', () => {
    for (const rule of DEFAULT_RULES) {
      expect(stateLabel(inRussian, rule.state), rule.state).not.toBe(rule.state);
      expect(stepLabel(inRussian, rule.code), rule.code).toBeTruthy();
    }
    expect(stepLabel(inRussian, 'dispatched')).toBe('Отправлено');
    expect(stepLabel((key) => translate('es', key), 'delayed')).toBe('Retraso');
  });

  it('leaves a server’s own states and a carrier’s other codes as sent', () => {
    expect(stateLabel(inRussian, 'ReturnedToSender')).toBe('ReturnedToSender');
    expect(stepLabel(inRussian, 'in_transit')).toBeNull();
  });
});
