/** A missing or unreadable index, with the command that fixes it. */
export class IndexUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IndexUnavailableError';
  }
}
