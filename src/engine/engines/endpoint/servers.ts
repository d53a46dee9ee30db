// What we know about each OpenAI-compatible server a user is likely to run: its usual
// address, the setting that lets a web page call it (CORS), the context window it really
// uses and how to raise it, and how it reads the thinking switch. Data, not logic, so the
// setup UI, the error messages and docs/models.md say the same thing.

export type ServerKind =
  'ollama' | 'lmstudio' | 'llamacpp' | 'llama-cpp-python' | 'vllm' | 'sglang';

/**
 * How a server reads "no reasoning this time". `chat_template_kwargs`: the request's
 * `chat_template_kwargs.enable_thinking` reaches the model's template (vLLM, SGLang, llama.cpp
 * with --jinja). `reasoning_effort`: Ollama maps `reasoning_effort: "none"` to think=false.
 * `none`: no way known; the app hides the switch and budgets nothing for thinking.
 */
export type ThinkingSwitch = 'chat_template_kwargs' | 'reasoning_effort' | 'none';

export interface KnownServer {
  id: ServerKind;
  name: string;
  /** The usual base URL when it runs on this machine. */
  baseUrl: string;
  port: number;
  /** How to allow this page's origin ({origin} is replaced), or that nothing is needed. */
  corsSetting: string;
  /** How to start it, for the "nothing answered" message. */
  start: string;
  /** The context window it runs a model with when nothing says otherwise (tokens). */
  defaultContext?: number;
  /** How to give the model a larger context window. */
  contextSetting: string;
  thinkingSwitch: ThinkingSwitch;
  /** It understands vLLM's `include_stop_str_in_output` (others may refuse unknown fields). */
  echoesStops?: boolean;
  /** It reads `min_p` in a chat request (others may refuse unknown fields). */
  readsMinP?: boolean;
  /** Not offered in the address suggestions (shares its usual address with another). */
  hidden?: boolean;
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
    // Ollama picks 4096 tokens on GPUs under 23 GiB (32768 / 262144 above) and silently drops
    // the oldest messages past it; the loaded value is read from /api/ps.
    defaultContext: 4096,
    contextSetting:
      'set OLLAMA_CONTEXT_LENGTH=16384 in the environment of the Ollama service and restart it (or PARAMETER num_ctx 16384 in a Modelfile)',
    thinkingSwitch: 'reasoning_effort',
  },
  {
    id: 'lmstudio',
    name: 'LM Studio',
    baseUrl: 'http://localhost:1234/v1',
    port: 1234,
    corsSetting:
      'turn on "Enable CORS" in the Developer tab, or start it with `lms server start --cors`',
    start: 'lms server start --cors',
    defaultContext: 4096,
    contextSetting:
      'load the model with a larger context length (lms load <model> --context-length 16384, or the load settings in the app)',
    thinkingSwitch: 'none',
  },
  {
    id: 'llamacpp',
    name: 'llama.cpp',
    baseUrl: 'http://localhost:8080/v1',
    port: 8080,
    corsSetting: 'start llama-server with --cors-origins {origin}',
    start: 'llama-server -m model.gguf',
    contextSetting: 'start llama-server with a larger -c (for example -c 16384)',
    thinkingSwitch: 'chat_template_kwargs',
    readsMinP: true,
  },
  {
    id: 'llama-cpp-python',
    name: 'llama-cpp-python',
    baseUrl: 'http://localhost:8000/v1',
    port: 8000,
    corsSetting: 'nothing to set: its server allows every origin',
    start: 'python -m llama_cpp.server --model model.gguf',
    defaultContext: 2048,
    contextSetting:
      'start python -m llama_cpp.server with a larger --n_ctx (for example --n_ctx 8192)',
    thinkingSwitch: 'none',
    readsMinP: true,
    hidden: true,
  },
  {
    id: 'vllm',
    name: 'vLLM',
    baseUrl: 'http://localhost:8000/v1',
    port: 8000,
    corsSetting: `start vllm serve with --allowed-origins '["{origin}"]' (its default allows every origin)`,
    start: 'vllm serve <model>',
    contextSetting: 'start vllm serve with a larger --max-model-len',
    thinkingSwitch: 'chat_template_kwargs',
    readsMinP: true,
    echoesStops: true,
  },
  {
    id: 'sglang',
    name: 'SGLang',
    baseUrl: 'http://localhost:30000/v1',
    port: 30000,
    corsSetting: 'nothing to set: SGLang allows every origin, so check that it really is SGLang',
    start: 'python -m sglang.launch_server --model-path <model>',
    contextSetting: 'start it with a larger --context-length',
    thinkingSwitch: 'chat_template_kwargs',
    readsMinP: true,
    echoesStops: true,
  },
];

export function serverById(id: ServerKind | undefined): KnownServer | undefined {
  return KNOWN_SERVERS.find((s) => s.id === id);
}

function portOf(url: URL): number {
  if (url.port) return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}

/** The server this address most likely belongs to (by its port), if any. */
export function guessServer(baseUrl: string): KnownServer | undefined {
  try {
    const port = portOf(new URL(baseUrl));
    return KNOWN_SERVERS.find((s) => s.port === port && !s.hidden);
  } catch {
    return undefined;
  }
}

/** "Ollama: set OLLAMA_ORIGINS=… · LM Studio: …", the likely server first. */
export function corsSettings(baseUrl: string, pageOrigin: string): string {
  const likely = guessServer(baseUrl);
  const shown = KNOWN_SERVERS.filter((s) => !s.hidden);
  const ordered = likely ? [likely, ...shown.filter((s) => s !== likely)] : shown;
  return ordered
    .map((s) => `${s.name}: ${s.corsSetting.replaceAll('{origin}', pageOrigin)}`)
    .join('; ');
}
