// `tforge train --workers N`: starts N local ranks of the same command under Open MPI's mpirun, on the loopback
// interface only, one kernel thread each unless TENSORFORGE_NUM_THREADS says otherwise (docs/DISTRIBUTED.md).
import { spawn, spawnSync } from 'node:child_process';
import { INSTALL_HINT } from '../core/collective.js';
import { ConfigError } from '../core/errors.js';

/**
 * The mpirun command line that runs `command` (argv, program first) as `n` ranks on this machine.
 * @example mpirunArgs(2, ['node', 'train.js']); // ['-np', '2', '--oversubscribe', ..., 'node', 'train.js']
 */
export function mpirunArgs(n: number, command: string[]): string[] {
  if (!Number.isInteger(n) || n < 1) throw new ConfigError(`tforge: --workers must be a positive integer, received ${String(n)}.`);
  const root = typeof process.getuid === 'function' && process.getuid() === 0 ? ['--allow-run-as-root'] : [];
  return [
    ...root, '-np', String(n), '--oversubscribe', '--bind-to', 'none',
    // Loopback only: the ranks of `--workers` never talk over another interface.
    '--mca', 'btl', 'self,tcp', '--mca', 'btl_tcp_if_include', 'lo', '--mca', 'oob_tcp_if_include', 'lo',
    ...command,
  ];
}

/** The environment of the ranks: one kernel thread each by default (N ranks share the machine's cores). */
export function workerEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...base, TENSORFORGE_NUM_THREADS: base['TENSORFORGE_NUM_THREADS'] ?? '1', TENSORFORGE_QUIET: '1' };
}

function checkMpirun(): void {
  const r = spawnSync('mpirun', ['--version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) throw new ConfigError(`tforge train --workers: mpirun was not found. ${INSTALL_HINT}`);
}

/**
 * Re-runs this `tforge` invocation (`argv` without `--workers`) as `n` ranks and resolves to mpirun's exit code,
 * after saying which rank failed when one did.
 * @example process.exitCode = await launchWorkers(2, process.argv.filter((a) => a !== '--workers' && a !== '2'));
 */
export async function launchWorkers(n: number, argv: string[]): Promise<number> {
  checkMpirun();
  const [node = process.execPath, ...rest] = argv;
  const child = spawn('mpirun', mpirunArgs(n, [node, ...process.execArgv, ...rest]), { stdio: 'inherit', env: workerEnv() });
  const code = await new Promise<number>((resolve) => child.on('exit', (c, sig) => resolve(c ?? (sig ? 128 : 1))));
  if (code !== 0) {
    process.stderr.write(`tforge: training with ${n} workers failed (mpirun exit code ${code}): a rank exited early or timed out, and mpirun ended the others (its message above names the rank).\n`);
  }
  return code;
}

/** `argv` without `--workers N` / `--workers=N`. */
export function withoutWorkersFlag(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--workers') i++;
    else if (!a.startsWith('--workers=')) out.push(a);
  }
  return out;
}
