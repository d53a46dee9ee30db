// What we know about each OpenAI-compatible server a user is likely to run: its usual
// address and the setting that lets a web page call it (CORS). Data, not logic, so the
// setup UI, the error messages and docs/models.md say the same thing.

export interface KnownServer {
  id: 'ollama' | 'lmstudio' | 'llamacpp' | 'vllm' | 'sglang';
  name: string;
  /** The usual base URL when it runs on this machine. */
  baseUrl: string;
  port: number;
  /** How to allow this page's origin ({origin} is replaced), or that nothing is needed. */
  corsSetting: string;
  /** How to start it, for the "nothing answered" message. */
  start: string;
}

export const KNOWN_SERVERS: readonly KnownServer[] = [
  {
    id: 'ollama',
    name: 'Ollama',
    baseUrl: 'http://localhost:11434/v1',
    port: 11434,
    corsSetting:
      'set OLLAMA_ORIGINS={origin} in the environment of the Ollama service, then restart it',
    start: 'ollama serve',
  },
  {
    id: 'lmstudio',
    name: 'LM Studio',
    baseUrl: 'http://localhost:1234/v1',
    port: 1234,
    corsSetting:
      'turn on "Enable CORS" in the Developer tab, or start it with `lms server start --cors`',
    start: 'lms server start --cors',
  },
  {
    id: 'llamacpp',
    name: 'llama.cpp',
    baseUrl: 'http://localhost:8080/v1',
    port: 8080,
    corsSetting: 'start llama-server with --cors-origins {origin}',
    start: 'llama-server -m model.gguf',
  },
  {
    id: 'vllm',
    name: 'vLLM',
    baseUrl: 'http://localhost:8000/v1',
    port: 8000,
    corsSetting: `start vllm serve with --allowed-origins '["{origin}"]' (its default allows every origin)`,
    start: 'vllm serve <model>',
  },
  {
    id: 'sglang',
    name: 'SGLang',
    baseUrl: 'http://localhost:30000/v1',
    port: 30000,
    corsSetting: 'nothing to set: SGLang allows every origin, so check that it really is SGLang',
    start: 'python -m sglang.launch_server --model-path <model>',
  },
];

function portOf(url: URL): number {
  if (url.port) return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}

/** The server this address most likely belongs to (by its port), if any. */
export function guessServer(baseUrl: string): KnownServer | undefined {
  try {
    const port = portOf(new URL(baseUrl));
    return KNOWN_SERVERS.find((s) => s.port === port);
  } catch {
    return undefined;
  }
}

/** "Ollama: set OLLAMA_ORIGINS=… · LM Studio: …", the likely server first. */
export function corsSettings(baseUrl: string, pageOrigin: string): string {
  const likely = guessServer(baseUrl);
  const ordered = likely ? [likely, ...KNOWN_SERVERS.filter((s) => s !== likely)] : KNOWN_SERVERS;
  return ordered
    .map((s) => `${s.name}: ${s.corsSetting.replaceAll('{origin}', pageOrigin)}`)
    .join('; ');
}
