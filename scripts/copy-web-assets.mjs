// Copies the server's static web pages (src/serve/web) next to the compiled server (dist/serve/web): tsc emits .ts only.
import { cpSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const from = join(root, 'src', 'serve', 'web');
const to = join(root, 'dist', 'serve', 'web');
if (existsSync(from)) {
  cpSync(from, to, { recursive: true });
  console.log(`copied ${from} -> ${to}`);
}
