// FAKE OpenAI-compatible model server for tests (and, later, an eval runner): it plays
// recorded turns, not a model. It speaks the chat-completions streaming protocol the way
// vLLM does (SSE chunks, usage chunk, `data: [DONE]`, cuts at the request's stop strings
// and echoes them with include_stop_str_in_output), and records what it receives.
//
// Knobs: replies computed per request (`respond`), omit CORS headers, require an API key (401), hang mid-stream (to test Stop: the
// record says whether the client closed the stream), fail mid-stream, split SSE lines
// across writes, strip stops like Ollama/llama.cpp, and the documented behaviours of real
// servers (fake-server-behaviours.ts): a strict host (400 to unknown fields), reasoning in
// `delta.reasoning` / `delta.reasoning_content`, Ollama's loaded context and silent truncation.
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import {
  fakeTokens,
  firstStop,
  ollamaTruncate,
  strictHostError,
  unknownField,
  type Msg,
} from './fake-server-behaviours';

export interface FakeTurn {
  /** The recorded model text; the server cuts it at the request's first stop string. */
  text: string;
  /** Characters per streamed chunk (default 4). */
  chunkSize?: number;
  /** Pause between chunks in ms (default 0). */
  paceMs?: number;
  /** Send this many chunks, then nothing more, keeping the connection open. */
  hangAfterChunks?: number;
  /** Send this many chunks, then an error event, then end the stream. */
  failAfterChunks?: number;
  /** Finish reason of the last chunk (default `stop`). */
  finishReason?: 'stop' | 'length';
  /** Reasoning streamed before `text` in the server's reasoning field (stops apply to it too). */
  reasoning?: string;
}

export interface FakeModel {
  id: string;
  max_model_len?: number;
}

export interface FakeServerOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  models?: FakeModel[];
  turns?: (string | FakeTurn)[];
  /** Send CORS headers (default true). */
  cors?: boolean;
  /** Require `Authorization: Bearer <apiKey>` (401 otherwise). */
  apiKey?: string;
  /** How stop strings come back: `request` honours include_stop_str_in_output (vLLM), `strip` never echoes (Ollama). */
  stopEcho?: 'request' | 'strip';
  /** Write every SSE line in two pieces, split inside `data:` (default true). */
  splitWrites?: boolean;
  /**
   * Scripted replies computed from each request (used instead of `turns`): e.g. a fake that
   * plays a task's reference solution, then reads the answer off the observation. Still a fake.
   */
  respond?: (body: ChatRequestBody) => string | FakeTurn;
  /** Answer `stream_options.include_usage` (default true); false acts like llama-cpp-python. */
  sendUsage?: boolean;
  /** `owned_by` in /v1/models (default `fake-openai-server`; `vllm` makes it pass for vLLM). */
  ownedBy?: string;
  /** Act as a strict hosted API: HTTP 400 "Unrecognized request argument" on unknown fields. */
  strict?: boolean;
  /** The delta field reasoning is streamed in (default `reasoning_content`). */
  reasoningField?: 'reasoning' | 'reasoning_content';
  /**
   * Act as Ollama: /api/version, /api/ps reporting this loaded context once a chat request has
   * loaded the model, and silent truncation of longer prompts (recorded as `truncated`).
   */
  ollamaContext?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  /** Parsed JSON body, when there was one. */
  body: unknown;
  /** The client closed the connection before the response ended (e.g. the user pressed Stop). */
  closedByClient: boolean;
  /** The server finished the response itself. */
  completed: boolean;
  /** Ollama mode: the prompt was over the loaded context and messages were dropped. */
  truncated?: boolean;
  /** The fake's token count of the prompt it used (after any truncation). */
  promptTokens?: number;
}

export const FAKE_MODEL_ID = 'fake-replay/CodeActAgent-Mistral-7b-v0.1';
export const NO_MORE_TURNS = '[fake server: no more recorded turns]';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export interface ChatRequestBody {
  model?: string;
  messages?: Msg[];
  stop?: string[];
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  include_stop_str_in_output?: boolean;
}

export class FakeOpenAIServer {
  readonly requests: RecordedRequest[] = [];
  cors: boolean;
  apiKey: string | undefined;
  turns: FakeTurn[];
  models: FakeModel[];
  #opts: FakeServerOptions;
  #server: http.Server;
  #sockets = new Set<Socket>();
  #next = 0;

  private constructor(opts: FakeServerOptions) {
    this.#opts = opts;
    this.cors = opts.cors ?? true;
    this.apiKey = opts.apiKey;
    this.models = opts.models ?? [{ id: FAKE_MODEL_ID, max_model_len: 32768 }];
    this.turns = (opts.turns ?? []).map((t) => (typeof t === 'string' ? { text: t } : t));
    this.#server = http.createServer((req, res) => void this.#handle(req, res));
    this.#server.on('connection', (s) => {
      this.#sockets.add(s);
      s.on('close', () => this.#sockets.delete(s));
    });
  }

  static async start(opts: FakeServerOptions = {}): Promise<FakeOpenAIServer> {
    const fake = new FakeOpenAIServer(opts);
    await new Promise<void>((resolve, reject) => {
      fake.#server.once('error', reject);
      fake.#server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
    });
    return fake;
  }

  get origin(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }
  get baseUrl(): string {
    return `${this.origin}/v1`;
  }

  /** Requests to /v1/chat/completions (preflights excluded), in order. */
  get chatRequests(): RecordedRequest[] {
    return this.requests.filter((r) => r.method === 'POST' && r.path === '/v1/chat/completions');
  }

  /** Replace the recorded turns and start playing from the first. */
  setTurns(turns: (string | FakeTurn)[]): void {
    this.turns = turns.map((t) => (typeof t === 'string' ? { text: t } : t));
    this.#next = 0;
  }

  async waitFor(check: () => boolean, timeoutMs = 10_000): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (!check()) {
      if (Date.now() > end) throw new Error('FakeOpenAIServer.waitFor: timed out');
      await sleep(20);
    }
  }

  close(): Promise<void> {
    for (const s of this.#sockets) s.destroy();
    return new Promise((r) => this.#server.close(() => r()));
  }

  #corsHeaders(req: http.IncomingMessage): Record<string, string> {
    if (!this.cors) return {};
    return {
      'Access-Control-Allow-Origin': req.headers.origin ?? '*',
      'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
      'Access-Control-Allow-Headers': 'Authorization, Content-Type, Accept',
      Vary: 'Origin',
    };
  }

  async #handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: unknown;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      body = raw;
    }
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const rec: RecordedRequest = {
      method: req.method ?? 'GET',
      path,
      headers: req.headers,
      body,
      closedByClient: false,
      completed: false,
    };
    this.requests.push(rec);
    res.on('finish', () => (rec.completed = true));
    res.on('close', () => {
      if (!res.writableFinished) rec.closedByClient = true;
    });
    const cors = this.#corsHeaders(req);
    if (req.method === 'OPTIONS') return void res.writeHead(204, cors).end();
    const json = (status: number, data: unknown) =>
      res
        .writeHead(status, { ...cors, 'Content-Type': 'application/json' })
        .end(JSON.stringify(data));
    if (this.apiKey && req.headers.authorization !== `Bearer ${this.apiKey}`)
      return void json(401, {
        error: {
          message: 'Invalid API key (fake server)',
          type: 'invalid_request_error',
          code: 'invalid_api_key',
        },
      });
    const ownedBy =
      this.#opts.ownedBy ?? (this.#opts.ollamaContext ? 'library' : 'fake-openai-server');
    if (req.method === 'GET' && path === '/v1/models')
      return void json(200, {
        object: 'list',
        data: this.models.map((m) => ({ object: 'model', owned_by: ownedBy, ...m })),
      });
    const ollama = this.#opts.ollamaContext;
    if (ollama && req.method === 'GET' && path === '/api/version')
      return void json(200, { version: '0.0.0-fake' });
    if (ollama && req.method === 'GET' && path === '/api/ps')
      return void json(200, {
        models: this.chatRequests.length
          ? this.models.map((m) => ({ name: m.id, model: m.id, context_length: ollama }))
          : [],
      });
    if (req.method === 'POST' && path === '/v1/chat/completions') {
      const field = this.#opts.strict ? unknownField(body) : undefined;
      if (field) return void json(400, strictHostError(field));
      if (ollama) {
        // The record keeps what the client sent; the "model" sees what is left.
        const b = body as ChatRequestBody;
        const kept = ollamaTruncate(b.messages ?? [], ollama);
        rec.truncated = kept.length < (b.messages ?? []).length;
        rec.promptTokens = fakeTokens(kept);
        return this.#chat({ ...b, messages: kept }, res, cors);
      }
      return this.#chat(body as ChatRequestBody, res, cors);
    }
    json(404, { error: { message: `fake server: no route ${req.method} ${path}` } });
  }

  async #chat(body: ChatRequestBody, res: http.ServerResponse, cors: Record<string, string>) {
    if (!this.models.some((m) => m.id === body.model)) {
      res.writeHead(404, { ...cors, 'Content-Type': 'application/json' });
      return void res.end(
        JSON.stringify({ error: { message: `The model \`${body.model}\` does not exist.` } }),
      );
    }
    const turn = this.#nextTurn(body);
    // Servers match stops on the raw output, reasoning included.
    const inReasoning = firstStop(turn.reasoning ?? '', body.stop);
    const reasoning =
      inReasoning.at >= 0 ? turn.reasoning!.slice(0, inReasoning.at) : (turn.reasoning ?? '');
    const text = inReasoning.at >= 0 ? '' : this.#cutAtStop(turn.text, body);
    const field = this.#opts.reasoningField ?? 'reasoning_content';
    res.writeHead(200, {
      ...cors,
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-cache',
    });
    const split = this.#opts.splitWrites ?? true;
    const send = async (data: string) => {
      const line = `data: ${data}\n\n`;
      if (!split) return void res.write(line);
      const half = Math.max(3, Math.floor(line.length / 2)); // inside the `data:` line
      res.write(line.slice(0, half));
      await sleep(1);
      res.write(line.slice(half));
    };
    const chunk = (delta: object, finish: string | null) =>
      JSON.stringify({
        id: 'fake-chatcmpl',
        object: 'chat.completion.chunk',
        model: body.model,
        choices: [{ index: 0, delta, finish_reason: finish }],
      });
    await send(chunk({ role: 'assistant', content: '' }, null));
    const size = turn.chunkSize ?? 4;
    let sent = 0;
    for (let i = 0; i < reasoning.length; i += size) {
      if (res.destroyed) return;
      await send(chunk({ [field]: reasoning.slice(i, i + size) }, null));
      sent++;
    }
    for (let i = 0; i < text.length; i += size) {
      if (res.destroyed) return;
      if (turn.hangAfterChunks !== undefined && sent >= turn.hangAfterChunks) return; // keep open
      if (turn.failAfterChunks !== undefined && sent >= turn.failAfterChunks) {
        await send(
          JSON.stringify({ error: { message: 'fake server: the engine crashed', code: 500 } }),
        );
        return void res.end();
      }
      await send(chunk({ content: text.slice(i, i + size) }, null));
      sent++;
      if (turn.paceMs) await sleep(turn.paceMs);
    }
    await send(chunk({}, inReasoning.at >= 0 ? 'stop' : (turn.finishReason ?? 'stop')));
    if (body.stream_options?.include_usage && this.#opts.sendUsage !== false) {
      const prompt = fakeTokens(body.messages ?? []);
      await send(
        JSON.stringify({
          id: 'fake-chatcmpl',
          object: 'chat.completion.chunk',
          choices: [],
          usage: { prompt_tokens: prompt, completion_tokens: sent, total_tokens: prompt + sent },
        }),
      );
    }
    await send('[DONE]');
    res.end();
  }

  #nextTurn(body: ChatRequestBody): FakeTurn {
    if (this.#opts.respond) {
      const t = this.#opts.respond(body);
      return typeof t === 'string' ? { text: t } : t;
    }
    const turn = this.turns[this.#next] ?? { text: NO_MORE_TURNS };
    if (this.#next < this.turns.length) this.#next++;
    return turn;
  }

  /** Like vLLM: cut at the first stop string; echo it only when the request asks and we may. */
  #cutAtStop(text: string, body: ChatRequestBody): string {
    const { at, hit } = firstStop(text, body.stop);
    if (at < 0) return text;
    const echo =
      (this.#opts.stopEcho ?? 'request') === 'request' && body.include_stop_str_in_output;
    return text.slice(0, at) + (echo ? hit : '');
  }
}
