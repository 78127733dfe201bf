/** Normalises a Keras snake_case or TF.js camelCase identifier to camelCase (`'sparse_categorical_crossentropy'` → `'sparseCategoricalCrossentropy'`). */
export function normalizeId(id: string): string {
  return id.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}
