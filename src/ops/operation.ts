import { ValueError } from '../core/errors.js';

/**
 * Wraps a function as a named op the way TF.js's `op({ name: fn })` does: the result is called `name__op` (a
 * trailing underscore of `name` is dropped) and forwards its arguments to `fn`.
 * @example op({ square_: (x: number) => x * x })(3); // 9
 */
export function op<T extends (...args: never[]) => unknown>(f: Record<string, T>): T {
  const keys = Object.keys(f);
  const [key] = keys;
  const fn = key === undefined ? undefined : f[key];
  if (keys.length !== 1 || key === undefined || fn === undefined) {
    throw new ValueError(`op: Please provide an object with a single key (operation name) mapping to a function, received keys [${keys.join(', ')}].`);
  }
  const name = `${key.endsWith('_') ? key.slice(0, -1) : key}__op`;
  const named = { [name]: (...args: Parameters<T>): ReturnType<T> => fn(...args) as ReturnType<T> }[name];
  Object.defineProperty(named, 'name', { value: name, configurable: true });
  return named as T;
}
