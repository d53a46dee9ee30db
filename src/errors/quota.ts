// The one quota detector: IndexedDB, Cache Storage and localStorage all report a full store as a
// QuotaExceededError DOMException, but some engines only say "quota" in the message.

export function isQuotaError(e: unknown): boolean {
  const name = (e as { name?: string } | null)?.name ?? '';
  const text = e instanceof Error ? e.message : String(e);
  return (
    name === 'QuotaExceededError' ||
    /quota/i.test(name) ||
    /QuotaExceeded|quota (has been )?exceeded/i.test(text)
  );
}
