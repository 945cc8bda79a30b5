import { describe, expect, it } from 'vitest';
import type { StateJobView } from '../../common/order-states.ts';
import { languages, translate } from '../i18n.ts';
import { jobNotice } from './job-notice.ts';

const NOW = Date.parse('2026-03-02T10:00:00.000Z');
const job = (over: Partial<StateJobView>): StateJobView => ({
  orderClientId: 'o1',
  orderNumber: '1042',
  scenario: 'update',
  state: 'queued',
  attempts: 0,
  partialRuns: 0,
  dueAt: '2026-03-02T10:00:00.000Z',
  lastError: null,
  enqueuedAt: '2026-03-02T09:59:00.000Z',
  updatedAt: '2026-03-02T09:59:00.000Z',
  ...over,
});

describe('the timeline’s word on the reconstruction job', () => {
  it('a queued job that failed says it is retrying, with the attempt and the error', () => {
    const failed = job({ attempts: 2, lastError: 'SqliteError: disk I/O error', dueAt: '2026-03-02T10:00:04.000Z' });
    expect(jobNotice(failed, true, NOW)).toEqual({ kind: 'retrying', attempt: 2, error: 'SqliteError: disk I/O error' });
    // Also when its rules were partly reached before the failure.
    expect(jobNotice({ ...failed, partialRuns: 1 }, true, NOW)).toMatchObject({ kind: 'retrying' });
    for (const lang of languages) {
      const text = translate(lang, 'timeline.retrying', { attempt: 2, error: 'SqliteError: disk I/O error' });
      expect(text, lang).toMatch(/\b2\b.*SqliteError: disk I\/O error/);
    }
  });

  it('dead, re-checked later, pending, or nothing', () => {
    expect(jobNotice(job({ state: 'dead', attempts: 5, lastError: 'boom' }), true, NOW)).toEqual({ kind: 'dead', error: 'boom' });
    expect(jobNotice(job({ partialRuns: 1, dueAt: '2026-03-02T10:01:00.000Z' }), true, NOW)).toEqual({ kind: 'recheck', time: '2026-03-02T10:01:00.000Z' });
    expect(jobNotice(job({}), true, NOW)).toEqual({ kind: 'pending' });
    // A new notice revived a failed job: attempts reset, the old error kept — just pending.
    expect(jobNotice(job({ attempts: 0, lastError: 'boom' }), true, NOW)).toEqual({ kind: 'pending' });
    expect(jobNotice(null, true, NOW)).toEqual({ kind: 'pending' }); // marked, not swept yet
    expect(jobNotice(null, false, NOW)).toBeNull();
  });
});
