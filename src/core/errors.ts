/** Base class of every error Tensorforge throws on purpose. */
export class TensorforgeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A tensor had the wrong shape for an op or layer. */
export class ShapeError extends TensorforgeError {}

/** A tensor had the wrong dtype for an op or layer. */
export class DTypeError extends TensorforgeError {}

/** A configuration object or argument was invalid. */
export class ConfigError extends TensorforgeError {}

/** A value was out of range or otherwise unusable. */
export class ValueError extends TensorforgeError {}

/** A file or stream could not be read or written as the format requires. */
export class FormatError extends TensorforgeError {}

/** Throws a ValueError when `condition` is false; the message is built lazily. */
export function assert(condition: unknown, message: () => string): asserts condition {
  if (!condition) throw new ValueError(message());
}
