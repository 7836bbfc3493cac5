/** Wrap globalThis.fetch to record every non-file URL asked for; `restore()` puts the real fetch back. */
export function recordNetworkCalls(): { calls: string[]; restore(): void } {
  const calls: string[] = [];
  const realFetch = globalThis.fetch;
  globalThis.fetch = (async (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
    const url = input instanceof Request ? input.url : String(input);
    if (!url.startsWith('file:')) calls.push(url);
    return realFetch(input, init);
  }) as typeof fetch;
  return { calls, restore: () => (globalThis.fetch = realFetch) };
}
