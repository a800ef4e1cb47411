// Errors meant for the user: the CLI prints `Error: <message>` and exits 1, the extension shows
// the message. Anything else is a bug and is reported as one.

export class LadingError extends Error {
  constructor(message: string, readonly code: string = 'EUSER') {
    super(message);
    this.name = 'LadingError';
  }
}

export class NoSuchImageError extends LadingError {
  constructor(readonly ref: string) {
    super(`No such image: ${ref}`, 'ENOIMAGE');
  }
}

export class DigestMismatchError extends LadingError {
  constructor(readonly expected: string, readonly actual: string, what = 'content') {
    super(`${what} digest mismatch: expected ${expected}, got ${actual}`, 'EDIGEST');
  }
}

export class SizeMismatchError extends LadingError {
  constructor(readonly expected: number, readonly actual: number, what = 'content') {
    super(`${what} size mismatch: expected ${expected} bytes, got ${actual}`, 'ESIZE');
  }
}

export class CancelledError extends LadingError {
  constructor() {
    super('operation cancelled', 'ECANCELLED');
  }
}

export function isLadingError(e: unknown): e is LadingError {
  return e instanceof LadingError;
}

/** Throws {@link CancelledError} when the signal has fired. */
export function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw new CancelledError();
}
