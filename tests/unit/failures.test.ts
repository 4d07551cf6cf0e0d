// What a failure offers: a retry only where trying again could succeed, the password where one
// is missing, and a name in words (never the code).
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../shared/errors';
import { canRetry, failureName, remedyFor } from '../../shared/failures';

describe('failure remedies', () => {
  it('offers no retry for a file that fails the same way every time', () => {
    for (const code of ['not_pdf', 'empty_file', 'corrupt_pdf', 'empty_pdf', 'unsupported_pdf'] as const) {
      expect(canRetry(code)).toBe(false);
      expect(remedyFor(code)).toBe('remove');
    }
  });
  it('asks for the password where one is missing or wrong', () => {
    expect(remedyFor('password_required')).toBe('password');
    expect(remedyFor('password_incorrect')).toBe('password');
    expect(canRetry('password_required')).toBe(false);
  });
  it('retries what may pass next time', () => {
    for (const code of ['timeout', 'interrupted', 'io_error', 'cancelled', 'engine_crashed', null] as const) expect(remedyFor(code)).toBe('retry');
  });
  it('names every failure in words', () => {
    for (const code of ERROR_CODES) expect(failureName(code)).not.toMatch(/_/);
    expect(failureName('not_pdf')).toBe('Not a PDF');
  });
});
