// Links leave the app for the browser only to allowlisted https origins; the list is empty.
import { describe, expect, it } from 'vitest';
import { EXTERNAL_ORIGINS, isExternalAllowed } from '../../electron/main/app/external-links';

describe('external links', () => {
  it('opens nothing while no feature needs it', () => {
    expect(EXTERNAL_ORIGINS).toEqual([]);
    for (const url of ['https://huggingface.co/', 'https://attacker.example/?q=secret', 'http://localhost/', 'file:///etc/passwd', 'javascript:alert(1)', 'not a url']) {
      expect(isExternalAllowed(url)).toBe(false);
    }
  });

  it('matches whole https origins only', () => {
    const allowed = ['https://docs.example.org'];
    expect(isExternalAllowed('https://docs.example.org/guide#x', allowed)).toBe(true);
    for (const url of ['http://docs.example.org/', 'https://docs.example.org.attacker.example/', 'https://docs.example.org:8443/', 'https://user@docs.example.org.evil/']) {
      expect(isExternalAllowed(url, allowed)).toBe(false);
    }
  });
});
