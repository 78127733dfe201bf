/**
 * Keras-style unique object names: the first Dense layer is `dense`, the next `dense_1`, then `dense_2`.
 */
const counters = new Map<string, number>();

/** Converts a class name to Keras snake_case (`BatchNormalization` → `batch_normalization`, `Conv2D` → `conv2d`). */
export function toSnakeCase(className: string): string {
  return className
    .replace(/(.)([A-Z][a-z]+)/g, '$1_$2')
    .replace(/([a-z0-9])([A-Z])/g, (m: string, a: string, b: string) => (/[0-9]/.test(a) ? m : `${a}_${b}`))
    .toLowerCase();
}

/** Returns `prefix` the first time, then `prefix_1`, `prefix_2`, ... (zero-based like Keras layer names). */
export function uniqueName(prefix: string): string {
  const n = counters.get(prefix) ?? 0;
  counters.set(prefix, n + 1);
  return n === 0 ? prefix : `${prefix}_${n}`;
}

/** Forgets every generated name, so the next Dense layer is `dense` again (like `keras.backend.clear_session`). */
export function resetLayerNames(): void {
  counters.clear();
}
