import { describe, expect, it } from 'vitest';
import { orderStatuses, syncStatuses } from '../../common/entities.ts';
import { languages, translate } from '../i18n.ts';
import { statusBadgeKey, syncBadgeShown } from './Badges.tsx';

describe('sync badge beside the status badge', () => {
  it('is left out for a deleted order whose deletion reached the server', () => {
    expect(syncBadgeShown('Deleted', 'Removed')).toBe(false);
    expect(syncBadgeShown('Deleted', 'Removing')).toBe(true);
    expect(syncBadgeShown('Deleted', 'Failed')).toBe(true);
    expect(syncBadgeShown('Done', 'Charged')).toBe(true);
  });

  it.each(languages)('never repeats the status badge word for word (%s)', (lang) => {
    for (const status of orderStatuses) {
      for (const sync of syncStatuses) {
        if (!syncBadgeShown(status, sync)) continue;
        expect(translate(lang, `sync.${sync}`), `${status} + ${sync}`).not.toBe(translate(lang, `status.${status}`));
      }
    }
  });
});

describe('status badge of an order the server made final while it is open here', () => {
  it('says the server deleted it, or that it was completed elsewhere, not its local status', () => {
    expect(translate('en', statusBadgeKey('InProgress', 'Deleted'))).toBe('Deleted on the server');
    expect(translate('en', statusBadgeKey('InDelivery', 'Done'))).toBe('Completed elsewhere');
    expect(translate('ru', statusBadgeKey('InProgress', 'Deleted'))).toBe('Удалён на сервере');
    expect(translate('es', statusBadgeKey('Delayed', 'Deleted'))).toBe('Eliminado en el servidor');
  });

  it('says the order’s own status otherwise, and once the order is final here', () => {
    expect(statusBadgeKey('InProgress')).toBe('status.InProgress');
    expect(statusBadgeKey('InProgress', null)).toBe('status.InProgress');
    expect(statusBadgeKey('Deleted', 'Deleted')).toBe('status.Deleted');
    expect(statusBadgeKey('Done', 'Deleted')).toBe('status.Done');
  });

  it.each(languages)('never reads as its sync badge (%s)', (lang) => {
    for (const status of orderStatuses) {
      for (const final of ['Deleted', 'Done'] as const) {
        for (const sync of syncStatuses) {
          if (!syncBadgeShown(status, sync)) continue;
          expect(translate(lang, `sync.${sync}`), `${status} + ${final} + ${sync}`).not.toBe(translate(lang, statusBadgeKey(status, final)));
        }
      }
    }
  });
});
