// npm run screenshots: every screen of the accessibility walk, in both themes at 1440 and 1024 px,
// saved as PNG files in screenshots/ (git-ignored) for a reviewer to look at.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const dir = path.resolve(import.meta.dirname, '../screenshots');
const run = (args) => spawnSync('npx', args, { stdio: 'inherit', shell: process.platform === 'win32', env: { ...process.env, ABSTRACTOR_SCREENSHOTS: dir } });
const build = run(['electron-vite', 'build']);
if (build.status !== 0) process.exit(build.status ?? 1);
const walk = run(['vitest', 'run', '--project', 'e2e', 'tests/e2e/accessibility.test.ts']);
console.log(`screenshots in ${dir}`);
process.exit(walk.status ?? 1);
