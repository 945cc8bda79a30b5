import { describe, expect, it } from 'vitest';
import { orderStatuses, syncStatuses } from '../../common/entities.ts';
import { languages, translate } from '../i18n.ts';
import { syncBadgeShown } from './Badges.tsx';

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
