/** The Web API's error code of a failed call ("not_in_channel"), if it has one. */
export function webApiErrorCode(error: unknown): string | undefined {
  const code = (error as { data?: { error?: unknown } } | null)?.data?.error;
  return typeof code === 'string' && code !== '' ? code : undefined;
}
