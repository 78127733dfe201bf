// Shared set-up of the native profiles (bench/native-profile.ts, bench/gpt-profile.ts): wraps every function of
// the native addon with a timer and returns the map it fills, milliseconds and calls by addon function.
import { native } from '../src/backends/native/addon.js';

export interface Spent {
  ms: number;
  calls: number;
}

/** Wraps each addon function (except `info`) in place; throws when the addon is not built. */
export function timeAddon(): Map<string, Spent> {
  if (!native) throw new Error('native addon not built: run npm run build:native');
  const addon: object = native;
  const spent = new Map<string, Spent>();
  for (const name of Object.keys(addon)) {
    const fn: unknown = Reflect.get(addon, name);
    if (typeof fn !== 'function' || name === 'info') continue;
    Reflect.set(addon, name, (...args: unknown[]): unknown => {
      const t0 = performance.now();
      const r: unknown = Reflect.apply(fn, addon, args);
      const e = spent.get(name) ?? { ms: 0, calls: 0 };
      e.ms += performance.now() - t0;
      e.calls += 1;
      spent.set(name, e);
      return r;
    });
  }
  return spent;
}
