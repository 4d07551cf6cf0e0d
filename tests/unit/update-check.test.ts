// Help > Check for updates…: the dialog states the version and that nothing is checked on its
// own; a releases page is offered only as an https URL, and only the user's click opens it.
import { describe, expect, it } from 'vitest';
import { updateNotice } from '../../electron/main/app/update-check';

const PAGE = 'https://example.org/abstractor/releases';

describe('Check for updates', () => {
  it('names the running version and says there is no automatic check', () => {
    const notice = updateNotice('1.2.3', undefined);
    expect(notice.message).toContain('1.2.3');
    expect(notice.detail).toContain('does not check for updates on its own');
  });

  it('without a releases page: one OK button, and no answer opens anything', () => {
    const notice = updateNotice('1.2.3', undefined);
    expect(notice.buttons).toEqual(['OK']);
    for (const response of [0, 1, 2, -1]) expect(notice.pageFor(response)).toBeNull();
  });

  it('with a releases page: shows it, and opens it only for its own button', () => {
    const notice = updateNotice('1.2.3', PAGE);
    expect(notice.detail).toContain(PAGE);
    expect(notice.buttons[notice.cancelId]).toBe('Close');
    expect(notice.defaultId).toBe(notice.cancelId); // Enter or Escape opens nothing
    const open = notice.buttons.indexOf('Open the releases page');
    expect(notice.pageFor(open)).toBe(PAGE);
    expect(notice.pageFor(notice.cancelId)).toBeNull();
  });

  it.each([
    ['plain http', 'http://example.org/releases'],
    ['a file URL', 'file:///etc/passwd'],
    ['a javascript URL', 'javascript:alert(1)'],
    ['credentials in the URL', 'https://user:secret@example.org/releases'],
    ['not a URL', 'example.org/releases'],
    ['empty', ''],
  ])('offers no page for %s', (_what, homepage) => {
    const notice = updateNotice('1.2.3', homepage);
    expect(notice.buttons).toEqual(['OK']);
    expect(notice.detail).not.toContain(homepage || '\u0000');
    expect(notice.pageFor(1)).toBeNull();
  });
});
