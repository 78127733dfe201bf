// The collective's fallbacks and the launcher's command line, without starting MPI.
import { afterEach, expect, test } from 'vitest';
import { collectiveAvailability, joinCollective, setCollectiveLoader, type CollectiveLoader } from '../../src/core/collective.js';
import { mpirunArgs, withoutWorkersFlag, workerEnv } from '../../src/cli/workers.js';
import '../../src/index.js';

const saved = process.env['OMPI_COMM_WORLD_SIZE'];
afterEach(() => {
  if (saved === undefined) delete process.env['OMPI_COMM_WORLD_SIZE'];
  else process.env['OMPI_COMM_WORLD_SIZE'] = saved;
});

test('a process started on its own is one local rank, whatever the library', () => {
  delete process.env['OMPI_COMM_WORLD_SIZE'];
  const c = joinCollective(1000);
  expect([c.rank, c.size, c.library]).toEqual([0, 1, 'local']);
  const buf = new Float32Array([1, 2]);
  c.allreduceSum(buf);
  expect(Array.from(buf)).toEqual([1, 2]);
});

test('a rank started by mpirun without the library gets the install command', () => {
  const missing: CollectiveLoader = { why: () => 'the addon was built without Open MPI (mpi.h was not found)', join: () => { throw new Error('unreachable'); } };
  setCollectiveLoader(missing);
  process.env['OMPI_COMM_WORLD_SIZE'] = '2';
  expect(collectiveAvailability()).toEqual({ available: false, reason: 'the addon was built without Open MPI (mpi.h was not found)' });
  expect(() => joinCollective(1000)).toThrow(
    /started as one of several ranks, but the collective library is unavailable \(the addon was built without Open MPI \(mpi\.h was not found\)\)\. Install Open MPI \(Debian\/Ubuntu: `apt-get install libopenmpi-dev openmpi-bin`\)/,
  );
});

test('--workers runs the command under mpirun on loopback, one kernel thread per rank', () => {
  const args = mpirunArgs(2, ['node', 'train.js']);
  expect(args.slice(args.indexOf('-np'))).toEqual([
    '-np', '2', '--oversubscribe', '--bind-to', 'none', '--mca', 'btl', 'self,tcp', '--mca', 'btl_tcp_if_include', 'lo', '--mca', 'oob_tcp_if_include', 'lo', 'node', 'train.js',
  ]);
  expect(() => mpirunArgs(0, ['node'])).toThrow(/--workers must be a positive integer, received 0/);
  expect(withoutWorkersFlag(['node', 'tforge', 'train', 'x.ts', '--workers', '2', '--epochs', '1', '--workers=3'])).toEqual(['node', 'tforge', 'train', 'x.ts', '--epochs', '1']);
  expect(workerEnv({})['TENSORFORGE_NUM_THREADS']).toBe('1');
  expect(workerEnv({ TENSORFORGE_NUM_THREADS: '4' })['TENSORFORGE_NUM_THREADS']).toBe('4');
});
