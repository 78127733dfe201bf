// How the build scripts start node-gyp: npm's own copy (passed to lifecycle scripts as npm_config_node_gyp, or the
// one bundled next to this node), building against the headers installed next to this node unless npm names a
// nodedir, so no header download is needed.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The command and arguments for `node-gyp rebuild --jobs max` (plus --nodedir when local headers exist). */
export function nodeGypRebuild() {
  const fromNpm = process.env.npm_config_node_gyp;
  const bundled = join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
  let cmd = 'node-gyp';
  let args = [];
  if (fromNpm && existsSync(fromNpm)) [cmd, args] = [process.execPath, [fromNpm]];
  else if (existsSync(bundled)) [cmd, args] = [process.execPath, [bundled]];
  args.push('rebuild', '--jobs', 'max');
  const localPrefix = join(dirname(process.execPath), '..');
  const nodedir = process.env.npm_config_nodedir || (existsSync(join(localPrefix, 'include', 'node', 'node_api.h')) ? localPrefix : '');
  if (nodedir) args.push(`--nodedir=${nodedir}`);
  return { cmd, args };
}
