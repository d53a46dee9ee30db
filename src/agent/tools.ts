// Python tool functions offered to the model: checked once, listed in the system prompt
// the CodeAct way, and defined in the namespace before the first run.
import type { PythonTool } from '../runtime/types';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Throws a clear error for a tool the model could not call; returns the tools otherwise. */
export function checkTools(tools: readonly PythonTool[]): PythonTool[] {
  const seen = new Set<string>();
  for (const tool of tools) {
    const label = `Tool "${tool.name}"`;
    if (!IDENTIFIER.test(tool.name))
      throw new Error(`${label}: the name must be a Python identifier.`);
    if (seen.has(tool.name)) throw new Error(`${label} is defined twice.`);
    seen.add(tool.name);
    if (!/^\(.*\)$/s.test(tool.signature.trim()))
      throw new Error(`${label}: the signature must look like "(x: int, y: str = 'a')".`);
    if (!new RegExp(`^(async\\s+)?def\\s+${tool.name}\\s*\\(`, 'm').test(tool.source))
      throw new Error(`${label}: its source does not define "def ${tool.name}(...)".`);
    if (/[\r\n]/.test(tool.description))
      throw new Error(`${label}: the description must be one line.`);
  }
  return [...tools];
}

/** `[1] name(signature) -> type: description`, one line per tool. */
export function formatToolList(tools: readonly PythonTool[]): string {
  return tools
    .map((t, i) => {
      const returns = t.returns.trim() || 'None';
      return `[${i + 1}] ${t.name}${t.signature.trim()} -> ${returns}: ${t.description.trim()}`;
    })
    .join('\n');
}
