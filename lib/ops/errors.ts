/**
 * The one error an op handler throws: a code the callers can match on and the daemon's own message.
 * Its own module so every op family can throw it without importing `apply` (which imports them all).
 */
export class OpError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Refuses the op being applied.
 * @example fail("container.missing", "No such container: web") // throws OpError
 */
export function fail(code: string, message: string): never {
  throw new OpError(code, message);
}
