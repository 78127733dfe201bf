// `npm run test:native-tools`: compiles and runs the checks in native/tools/ and fails when one fails.
//   approx_error       exp_f, tanh_f, sigmoid_f within the error bounds math.inc.h documents (vs double libm)
//   vector_math_check  the vectorised loops over them return the scalar code's bits, for every 13th float
//   pack_rows_check    the AVX2 row packing of the GEMM equals scalar packing
//   gemm_vs_openblas   the addon's SGEMM (every ISA unit this CPU runs) agrees with OpenBLAS
// A check whose CPU feature or library is missing is skipped with the reason printed; on CI
// (.ci/setup-services installs libopenblas-dev) the OpenBLAS one must run, so TENSORFORGE_REQUIRE_OPENBLAS=1
// turns its skip into a failure. Objects and binaries go to build/native-tools/.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'native', 'src');
const tools = join(root, 'native', 'tools');
const out = join(root, 'build', 'native-tools');
mkdirSync(out, { recursive: true });
const cxx = process.env.CXX || 'g++';
const common = ['-std=c++17', '-fno-math-errno', '-fno-trapping-math', `-I${src}`];
const isaFlags = {
  isa_avx512: ['-mavx512f', '-mavx512dq', '-mavx512bw', '-mavx512vl', '-mavx2', '-mfma'],
  isa_avx2: ['-mavx2', '-mfma'],
  isa_base: [],
};

const cpuFlags = existsSync('/proc/cpuinfo') ? (readFileSync('/proc/cpuinfo', 'utf8').match(/^flags\s*:(.*)$/m)?.[1] ?? '').split(/\s+/) : [];
const hasAvx2 = cpuFlags.includes('avx2') && cpuFlags.includes('fma');

function run(cmd, args, what) {
  const t0 = Date.now();
  const res = spawnSync(cmd, args, { cwd: root, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  const text = `${res.stdout ?? ''}${res.stderr ?? ''}`.trim();
  const ok = res.status === 0;
  if (!ok) console.log(text ? text.replace(/^/gm, '    ') : `    (no output${res.error ? `: ${res.error.message}` : ''})`);
  if (!ok) console.log(`  ${what} failed (exit ${res.status ?? res.signal}) after ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  return ok;
}

function openblas() {
  const candidates = [
    '/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas.so.0',
    '/usr/lib/x86_64-linux-gnu/libopenblas.so',
    '/usr/lib/x86_64-linux-gnu/libopenblas.so.0',
    '/usr/lib64/libopenblas.so.0',
  ];
  return candidates.find((p) => existsSync(p)) ?? null;
}

const checks = [
  {
    name: 'approx_error',
    needs: () => (hasAvx2 ? null : 'this CPU lacks AVX2/FMA'),
    build: (bin) => [['-O2', ...common, '-mavx2', '-mfma', join(tools, 'approx_error.cc'), '-o', bin]],
    // Every 13th float, as the bounds in math.inc.h were measured.
    args: ['13'],
  },
  {
    name: 'vector_math_check',
    needs: () => (hasAvx2 ? null : 'this CPU lacks AVX2/FMA'),
    build: (bin) => [['-O3', ...common, '-mavx2', '-mfma', join(tools, 'vector_math_check.cc'), '-o', bin]],
    args: [],
  },
  {
    name: 'pack_rows_check',
    needs: () => (hasAvx2 ? null : 'this CPU lacks AVX2/FMA'),
    build: (bin) => [['-O2', ...common, '-mavx2', '-mfma', join(tools, 'pack_rows_check.cc'), '-o', bin]],
    args: [],
  },
  {
    name: 'gemm_vs_openblas',
    needs: () => (openblas() ? null : 'OpenBLAS is not installed (apt-get install libopenblas-dev)'),
    build: (bin) => {
      const objs = Object.keys(isaFlags).map((f) => join(out, `${f}.o`));
      const compileIsa = Object.entries(isaFlags).map(([f, flags], i) => ['-O3', ...common, ...flags, '-c', join(src, `${f}.cc`), '-o', objs[i]]);
      const link = ['-O3', ...common, join(tools, 'gemm_vs_openblas.cc'), join(src, 'thread_pool.cc'), join(src, 'cpu.cc'), ...objs, openblas(), '-pthread', '-o', bin];
      return [...compileIsa, link];
    },
    args: ['1', 'check'],
    // Each kernel set this CPU can run (cpu.cc refuses one it cannot, and the tool then uses the best one).
    isas: () => ['base', ...(hasAvx2 ? ['avx2'] : []), ...(cpuFlags.includes('avx512f') ? ['avx512'] : [])],
  },
];

let failed = 0;
let skipped = 0;
for (const c of checks) {
  const reason = c.needs();
  if (reason) {
    const required = c.name === 'gemm_vs_openblas' && process.env.TENSORFORGE_REQUIRE_OPENBLAS === '1';
    console.log(`${required ? 'FAIL' : 'skip'} ${c.name}: ${reason}`);
    if (required) failed++;
    else skipped++;
    continue;
  }
  const bin = join(out, c.name);
  console.log(`${c.name}: compiling`);
  if (!c.build(bin).every((args) => run(cxx, args, `compile ${c.name}`))) {
    failed++;
    continue;
  }
  for (const isa of c.isas ? c.isas() : ['']) {
    console.log(`${c.name}${isa ? ` (TENSORFORGE_ISA=${isa})` : ''}: running`);
    const env = isa ? { ...process.env, TENSORFORGE_ISA: isa } : process.env;
    const t0 = Date.now();
    const res = spawnSync(bin, c.args, { cwd: root, encoding: 'utf8', env, maxBuffer: 16 * 1024 * 1024 });
    console.log(`${res.stdout ?? ''}${res.stderr ?? ''}`.trim().replace(/^/gm, '    '));
    const ok = res.status === 0;
    console.log(`  ${ok ? 'ok' : 'FAIL'} ${c.name}${isa ? ` ${isa}` : ''} (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
    if (!ok) failed++;
  }
}
console.log(`native-tools: ${checks.length - skipped} of ${checks.length} checks ran, ${failed} failed${skipped ? `, ${skipped} skipped (reasons above)` : ''}.`);
process.exit(failed > 0 ? 1 : 0);
