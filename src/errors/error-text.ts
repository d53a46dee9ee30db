// One way to turn anything thrown into text. Errors that crossed a worker arrive as plain Errors
// whose message already holds "Name: message" (WebLLM's and our workers' convention).

/** "Name: message", the form WebLLM and our workers use across the boundary. */
export function errorText(err: unknown): string {
  if (typeof err === 'string') return err;
  if (err instanceof Error) {
    const s = err.toString();
    // Comlink rebuilds errors as plain Error whose message already holds "Name: message".
    return s.startsWith('Error: ') && /^\w+(Error|Exception): /.test(err.message) ? err.message : s;
  }
  if (err && typeof err === 'object' && 'message' in err) return String(err.message);
  return String(err);
}

/** Just the message, for sentences shown to the user. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (err && typeof err === 'object' && 'message' in err) return String(err.message);
  return String(err);
}
