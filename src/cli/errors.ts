/** A problem with what the user gave us: printed as one line, never a stack trace. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}
