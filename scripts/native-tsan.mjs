// ThreadSanitizer check of the native backend (issue #14): builds the addon with -fsanitize=thread into
// build-tsan/ (a copy of binding.gyp and native/, so the normal build/Release stays as it is), then runs the
// native test suites (kernel parity, the thread-pool stress) against it, with libtsan preloaded into node.
// Node's own code is not instrumented, so TSAN sees exactly the addon's memory accesses and its threads.
// Fails when the build fails, when a test fails, or when TSAN writes any report (build-tsan/reports/).
//
//   node scripts/native-tsan.mjs [vitest file filters...]      (default: test/native)
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeGypRebuild } from './node-gyp.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// Not under build/: node-gyp rebuild of the normal addon deletes build/ whole.
const dir = join(root, 'build-tsan');
const reports = join(dir, 'reports');

function fail(message) {
  console.error(`native-tsan: ${message}`);
  process.exit(1);
}

function findLibTsan() {
  const res = spawnSync('g++', ['-print-file-name=libtsan.so'], { encoding: 'utf8' });
  const candidates = [res.stdout?.trim(), '/usr/lib/x86_64-linux-gnu/libtsan.so.2', '/usr/lib/x86_64-linux-gnu/libtsan.so.0'];
  for (const c of candidates) if (c && c.startsWith('/') && existsSync(c)) return c;
  return fail('libtsan not found: install it with `apt-get install -y libgcc-12-dev` (g++ ships it) and rerun.');
}

function build() {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  cpSync(join(root, 'binding.gyp'), join(dir, 'binding.gyp'));
  cpSync(join(root, 'native'), join(dir, 'native'), { recursive: true });
  // binding.gyp asks this script whether Open MPI is installed (the collective addon).
  cpSync(join(root, 'scripts', 'mpi-config.mjs'), join(dir, 'scripts', 'mpi-config.mjs'));
  const flags = '-fsanitize=thread -g -fno-omit-frame-pointer';
  const { cmd, args } = nodeGypRebuild();
  const started = Date.now();
  const res = spawnSync(cmd, args, {
    cwd: dir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, CFLAGS: flags, CXXFLAGS: flags, LDFLAGS: '-fsanitize=thread' },
  });
  const addon = join(dir, 'build', 'Release', 'tensorforge_native.node');
  if (res.status !== 0 || !existsSync(addon)) fail(`the TSAN build failed:\n${res.stdout}${res.stderr}`);
  console.log(`native-tsan: built ${addon} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return addon;
}

const addon = build();
mkdirSync(reports, { recursive: true });
const files = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['test/native'];
const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs');
const res = spawnSync(process.execPath, [vitest, 'run', ...files], {
  cwd: root, stdio: 'inherit',
  env: {
    ...process.env,
    LD_PRELOAD: findLibTsan(),
    TENSORFORGE_NATIVE_ADDON: addon,
    // Two threads on any machine: the pool's races are between the caller and a worker.
    TENSORFORGE_NUM_THREADS: process.env.TENSORFORGE_NUM_THREADS ?? '2',
    // Node, V8, libuv and vitest's bundler are not instrumented; their interceptor-level reports are not ours.
    // exitcode=0 keeps such a report from failing a test: reports are judged below, by whether they touch
    // the addon's code.
    TSAN_OPTIONS: `log_path=${join(reports, 'tsan')} exitcode=0 ignore_noninstrumented_modules=1 history_size=4`,
  },
});
// A report file holds one or more reports, each between two lines of '='. One counts when any frame of it is the
// addon's (its module path or the tfn namespace).
const ours = [];
let others = 0;
for (const f of readdirSync(reports).filter((name) => name.startsWith('tsan'))) {
  for (const report of readFileSync(join(reports, f), 'utf8').split(/^={18}$/m).filter((r) => r.includes('WARNING: ThreadSanitizer'))) {
    if (report.includes('tensorforge_native') || report.includes('tfn::')) ours.push(report);
    else others += 1;
  }
}
if (others > 0) console.log(`native-tsan: ${others} report(s) inside node/V8/libuv/vitest only, not counted (see ${reports}).`);
for (const r of ours) console.error(r);
if (ours.length > 0) fail(`ThreadSanitizer reported ${ours.length} race(s) in the addon, printed above.`);
if (res.status !== 0) fail(`the native tests failed under TSAN (exit ${res.status}).`);
console.log('native-tsan: no ThreadSanitizer reports; the native tests passed.');
