// binding.gyp asks this script whether Open MPI's development files are installed and for their compiler and
// linker flags (pkg-config's ompi-c, as `mpicc --showme` would print). Prints nothing usable (and found=0) when
// they are missing, so the collective addon is built from collective_none.cc and the rest builds unchanged.
import { spawnSync } from 'node:child_process';

function pkg(...args) {
  const r = spawnSync('pkg-config', [...args, 'ompi-c'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

const what = process.argv[2];
const found = pkg('--exists') !== null;
if (what === '--found') console.log(found ? 1 : 0);
else if (what === '--cflags') console.log(found ? pkg('--cflags') : '');
else if (what === '--libs') console.log(found ? pkg('--libs') : '');
else {
  console.error('usage: node scripts/mpi-config.mjs --found|--cflags|--libs');
  process.exit(2);
}
