// The test-only certificate for https on loopback (tests/fixtures/tls): the model downloader
// speaks https only, so the tests serve it over TLS and trust this certificate explicitly.
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from './temp-archive';

const dir = path.join(PROJECT_ROOT, 'tests', 'fixtures', 'tls');

export const LOOPBACK_CERT_PATH = path.join(dir, 'loopback-cert.pem');
export const LOOPBACK_TLS = {
  cert: fs.readFileSync(LOOPBACK_CERT_PATH, 'utf8'),
  key: fs.readFileSync(path.join(dir, 'loopback-key.pem'), 'utf8'),
} as const;
