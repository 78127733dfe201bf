// `npm install` / `npm ci` hook: compiles the native CPU backend (binding.gyp, native/) with node-gyp.
// Installation never fails because of it: without a compiler, or when the build breaks, this prints one line
// and exits 0, and the library runs on its TypeScript backend. The full compiler output goes to
// build/native-build.log. Set TENSORFORGE_SKIP_NATIVE=1 to skip the build.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeGypRebuild } from './node-gyp.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const log = join(root, 'build', 'native-build.log');

if (process.env.TENSORFORGE_SKIP_NATIVE) {
  console.log('tensorforge: TENSORFORGE_SKIP_NATIVE is set; skipping the native backend build.');
  process.exit(0);
}

const { cmd, args } = nodeGypRebuild();
const started = Date.now();
const res = spawnSync(cmd, args, { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
const output = `${res.stdout ?? ''}${res.stderr ?? ''}${res.error ? String(res.error) : ''}`;
mkdirSync(join(root, 'build'), { recursive: true });
writeFileSync(log, `$ ${cmd} ${args.join(' ')}\n${output}`);

const built = join(root, 'build', 'Release', 'tensorforge_native.node');
if (res.status === 0 && existsSync(built)) {
  console.log(`tensorforge: native CPU backend built in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
} else {
  const reason = res.error ? 'node-gyp could not be started' : 'the C++ build failed';
  console.log(
    `tensorforge: native CPU backend not built (${reason}; see build/native-build.log); using the TypeScript backend. ` +
      'Install g++ (C++17) and python3, then run `npm rebuild tensorforge`.',
  );
}
process.exit(0);
