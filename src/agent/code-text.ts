// Small text helpers for code taken out of a model reply.

/**
 * Remove blank lines around the code and the indentation common to all its lines, so
 * `<execute> print(1) </execute>` or an indented block does not raise IndentationError.
 */
export function dedentCode(code: string): string {
  const lines = code.replace(/\r\n?/g, '\n').split('\n');
  while (lines.length > 0 && (lines[0] ?? '').trim() === '') lines.shift();
  while (lines.length > 0 && (lines[lines.length - 1] ?? '').trim() === '') lines.pop();
  if (lines.length === 0) return '';
  // The first line often sits right after the tag with a single space: judge it alone.
  const first = (lines[0] ?? '').replace(/^[ \t]+/, '');
  const rest = lines.slice(1);
  const indents = rest
    .filter((l) => l.trim() !== '')
    .map((l) => /^[ \t]*/.exec(l)?.[0].length ?? 0);
  const firstIndent = (lines[0] ?? '').length - first.length;
  // Only strip from later lines what they all share with the first line's indentation.
  const common = Math.min(firstIndent, ...indents);
  const body = rest.map((l) => l.slice(Math.min(common, /^[ \t]*/.exec(l)?.[0].length ?? 0)));
  return [first, ...body].join('\n').replace(/[ \t]+$/gm, '');
}
