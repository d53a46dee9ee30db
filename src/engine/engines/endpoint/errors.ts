// Typed errors of the model-server engine. Each says what went wrong in terms the user can
// check and what to do about it; `code` lets the UI and tests tell them apart.
import { displayUrl } from './base-url';
import { corsSettings, guessServer, KNOWN_SERVERS, serverById, type ServerKind } from './servers';

export type EndpointErrorCode =
  | 'bad-url'
  | 'mixed-content'
  | 'unreachable'
  | 'cors'
  | 'lna-denied'
  | 'lna-prompt'
  | 'insecure-page'
  | 'unauthorized'
  | 'not-found'
  | 'model-not-found'
  | 'no-models'
  | 'context-window'
  | 'bad-request'
  | 'server-error'
  | 'mid-stream'
  | 'idle'
  | 'bad-response';

export class EndpointError extends Error {
  override name = 'EndpointError';
  readonly code: EndpointErrorCode;
  /** A short heading for the UI. */
  readonly title: string;
  /** HTTP status, when the server answered. */
  readonly status?: number;
  /** What the server said (its error text), for a details element. */
  readonly detail: string;
  /** For `mid-stream`: the reply text received before the failure. */
  readonly partial?: string;
  /** For `context-window`: the server's context window in tokens, when its error says. */
  readonly limit?: number;

  constructor(
    code: EndpointErrorCode,
    title: string,
    message: string,
    extra: { status?: number; detail?: string; partial?: string; limit?: number } = {},
  ) {
    super(message);
    this.code = code;
    this.title = title;
    this.status = extra.status;
    this.detail = extra.detail ?? '';
    this.partial = extra.partial;
    this.limit = extra.limit;
  }
}

const where = (baseUrl: string) => displayUrl(baseUrl);

export function mixedContentError(baseUrl: string, pageOrigin: string): EndpointError {
  return new EndpointError(
    'mixed-content',
    'An https page cannot call an http:// server on the network',
    `This page is served over https (${pageOrigin}), so this browser blocks requests to ${where(baseUrl)} (mixed content). Chrome 142 and later let an https page reach an http:// server on your local network (a private address such as 192.168.x.x, or a .local name) once you allow local network access; in other browsers serve the model server over https (for example behind a reverse proxy such as Caddy), reach it as http://localhost (for example through an SSH tunnel: ssh -L 8000:localhost:8000 server), or open this app from http://localhost.`,
  );
}

export function unreachableError(baseUrl: string, detail = ''): EndpointError {
  const likely = guessServer(baseUrl);
  const start = likely
    ? `${likely.name} is usually started with \`${likely.start}\``
    : `start it (${KNOWN_SERVERS.map((s) => `\`${s.start}\``).join(', ')})`;
  return new EndpointError(
    'unreachable',
    'The model server did not answer',
    `Nothing answered at ${where(baseUrl)}. Check that the server is running and the port is right: ${start}. A server on another machine must listen on a network address (for example --host 0.0.0.0, or OLLAMA_HOST=0.0.0.0 for Ollama).`,
    { detail },
  );
}

export function corsError(baseUrl: string, pageOrigin: string, detail = ''): EndpointError {
  return new EndpointError(
    'cors',
    'The model server does not allow this page (CORS)',
    `The server at ${where(baseUrl)} is running, but the browser blocked its answer because the server does not allow requests from this page's origin (${pageOrigin}). Allow that origin on the server — ${corsSettings(baseUrl, pageOrigin)}.`,
    { detail },
  );
}

export function localNetworkDeniedError(baseUrl: string): EndpointError {
  return new EndpointError(
    'lna-denied',
    'The browser is not allowed to reach your local network',
    `This page may not connect to ${where(baseUrl)}: the browser's local network access permission was denied. Allow it in the site settings (the icon left of the address bar → Site settings → Local network access), then connect again. In a widget, the host page must also let its iframe use local-network-access.`,
  );
}

export function localNetworkPromptError(baseUrl: string): EndpointError {
  return new EndpointError(
    'lna-prompt',
    'The browser is waiting for your permission to reach the local network',
    `This page needs your permission to connect to ${where(baseUrl)}, and it has not been given: the browser asks once (a prompt near the address bar), and a dismissed prompt counts as not allowed. Allow local network access for this site (the icon left of the address bar → Site settings → Local network access), then connect again.`,
  );
}

export function insecurePageError(baseUrl: string, pageOrigin: string): EndpointError {
  return new EndpointError(
    'insecure-page',
    'This page is not secure enough to reach your local network',
    `This page is served over plain http (${pageOrigin}), and the browser lets only secure pages (https, or http://localhost) reach addresses on your local network or this machine, so it refused the request to ${where(baseUrl)} without asking. Open the app over https, or from http://localhost on the machine that serves it.`,
  );
}

export function unauthorizedError(
  baseUrl: string,
  status: number,
  detail: string,
  hadKey: boolean,
): EndpointError {
  const what = hadKey ? 'refused the API key' : 'needs an API key and none was given';
  return new EndpointError(
    'unauthorized',
    'The model server refused the API key',
    `The server at ${where(baseUrl)} ${what} (HTTP ${status}). Enter the key the server was started with (for vLLM the value of --api-key, for llama.cpp --api-key) in the API key field and connect again.`,
    { status, detail },
  );
}

export function notFoundError(url: string, status: number, detail: string): EndpointError {
  return new EndpointError(
    'not-found',
    'Nothing is served at this address',
    `The server answered ${url} with HTTP ${status}. The base URL of an OpenAI-compatible server usually ends in /v1, for example ${KNOWN_SERVERS[0]!.baseUrl}.`,
    { status, detail },
  );
}

export function modelNotFoundError(
  baseUrl: string,
  model: string,
  status: number,
  detail: string,
): EndpointError {
  return new EndpointError(
    'model-not-found',
    'The server does not serve this model',
    `The server at ${where(baseUrl)} does not serve a model named "${model}". Press Connect to list the models it serves and pick one.`,
    { status, detail },
  );
}

export function noModelsError(baseUrl: string): EndpointError {
  return new EndpointError(
    'no-models',
    'The server serves no model',
    `The server at ${where(baseUrl)} lists no model. Load one first (Ollama: ollama pull <model>; LM Studio: load a model; vLLM and llama.cpp: name it when starting the server).`,
  );
}

/** How to give a model more context on this server (all servers when it is not known). */
export function contextAdvice(server: ServerKind | undefined): string {
  const known = serverById(server);
  if (known) return `${known.name}: ${known.contextSetting}`;
  return KNOWN_SERVERS.filter((s) => !s.hidden)
    .map((s) => `${s.name}: ${s.contextSetting}`)
    .join('; ');
}

export function contextWindowError(
  status: number,
  detail: string,
  opts: { limit?: number; server?: ServerKind } = {},
): EndpointError {
  const size = opts.limit ? ` of ${opts.limit} tokens` : '';
  return new EndpointError(
    'context-window',
    'The conversation no longer fits the model',
    `The server says the request exceeds the context window${size} it runs the model with (HTTP ${status}). Start a new conversation, or give the model a larger context — ${contextAdvice(opts.server)}.`,
    { status, detail, limit: opts.limit },
  );
}

export function badRequestError(baseUrl: string, status: number, detail: string): EndpointError {
  return new EndpointError(
    'bad-request',
    'The model server rejected the request',
    `The server at ${where(baseUrl)} rejected the request (HTTP ${status}): ${detail || 'no reason given'}.`,
    { status, detail },
  );
}

export function serverError(baseUrl: string, status: number, detail: string): EndpointError {
  return new EndpointError(
    'server-error',
    'The model server failed',
    `The server at ${where(baseUrl)} failed (HTTP ${status}): ${detail || 'no reason given'}. Check the server's log, then try again.`,
    { status, detail },
  );
}

export function midStreamError(baseUrl: string, partial: string, detail: string): EndpointError {
  const kept = partial
    ? ` The part of the reply that arrived (${partial.length} characters) is kept above, marked by this error; none of its code was run.`
    : '';
  return new EndpointError(
    'mid-stream',
    'The model server stopped in the middle of the reply',
    `The server at ${where(baseUrl)} stopped in the middle of the reply: ${detail || 'the connection closed early'}.${kept} Send the message again or regenerate the reply.`,
    { detail, partial },
  );
}

export function idleError(baseUrl: string, partial: string, ms: number): EndpointError {
  const kept = partial
    ? ` The part of the reply that arrived (${partial.length} characters) is kept; none of its code was run.`
    : '';
  const secs = Math.round(ms / 1000);
  return new EndpointError(
    'idle',
    'The model server went silent',
    `The server at ${where(baseUrl)} sent nothing for ${secs} s, so the request was given up and the connection closed.${kept} Check the server's log (a model may still be loading, or the server hung), then send the message again. The wait limit is set under Models → Use a model server.`,
    { detail: `no data for ${secs} s`, partial },
  );
}

export function badResponseError(url: string, detail: string): EndpointError {
  return new EndpointError(
    'bad-response',
    'The answer is not from an OpenAI-compatible server',
    `${url} answered, but not in the OpenAI format (${detail}). Check the base URL: it usually ends in /v1.`,
    { detail },
  );
}
