// Worker-side logic behind LlmWorkerApi, written against the small part of WebLLM's
// MLCEngineInterface it uses, so unit tests can drive it with a fake engine.
import type {
  AppConfig,
  ChatCompletionChunk,
  ChatCompletionRequestStreaming,
  ChatOptions,
  InitProgressReport,
} from '@mlc-ai/web-llm';
import type {
  FinishReason,
  LlmWorkerApi,
  WorkerChatRequest,
  WorkerChatResult,
} from '../contracts/llm';
import { watchUnloads } from './unload-watch';

/** The subset of MLCEngineInterface this service calls. */
export interface EngineCore {
  setAppConfig(appConfig: AppConfig): void;
  setInitProgressCallback(cb: (r: InitProgressReport) => void): void;
  reload(modelId: string, chatOpts?: ChatOptions): Promise<void>;
  unload(): Promise<void>;
  interruptGenerate(): unknown;
  resetChat(keepStats?: boolean): Promise<void>;
  getMessage(): Promise<string>;
  chat: {
    completions: {
      create(req: ChatCompletionRequestStreaming): Promise<AsyncIterable<ChatCompletionChunk>>;
    };
  };
}

export interface CacheFns {
  hasModelInCache(modelId: string, appConfig: AppConfig): Promise<boolean>;
  deleteModelAllInfoInCache(modelId: string, appConfig: AppConfig): Promise<void>;
}

/** WebLLM's cross-worker convention: `err.toString()`, i.e. "Name: message". */
function asWorkerError(err: unknown): Error {
  const text = typeof err === 'string' ? err : err instanceof Error ? err.toString() : String(err);
  return new Error(text);
}

async function guard<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw asWorkerError(e);
  }
}

function finishReasonOf(r: string | null | undefined): FinishReason {
  return r === 'length' ? 'length' : r === 'abort' ? 'abort' : 'stop';
}

export function createLlmService(engine: EngineCore, cache: CacheFns): LlmWorkerApi {
  let loadGeneration = 0;
  let cancelledGeneration = -1;
  const unloads = watchUnloads(engine);
  const own = <T>(work: () => Promise<T>) => guard(() => unloads.own(work));

  return {
    watch(onDeviceLost) {
      unloads.onUnexpected(() => void onDeviceLost());
      return Promise.resolve();
    },
    load(appConfig, modelId, chatOpts, onProgress) {
      return own(async () => {
        const gen = ++loadGeneration;
        const cancelled = () => cancelledGeneration === gen;
        engine.setAppConfig(appConfig);
        engine.setInitProgressCallback((r) => {
          if (!cancelled()) onProgress({ ...r });
        });
        try {
          await engine.reload(modelId, chatOpts);
        } catch (e) {
          // unload() aborts WebLLM's own fetches with a string reason, which reload() rethrows
          // instead of resolving (real-path-review §2, risky 2): after a cancel it is not a failure.
          if (!cancelled()) throw e;
        }
        if (!cancelled()) return { cancelled: false };
        // Nothing checks the abort during GPU upload and shader compile, so a reload can complete
        // after the cancel and register its pipeline anyway: free it, so nothing stays on the GPU.
        await engine.unload();
        return { cancelled: true };
      });
    },
    cancelLoad() {
      cancelledGeneration = loadGeneration;
      return own(() => engine.unload());
    },
    unload() {
      return own(() => engine.unload());
    },
    chat(req: WorkerChatRequest, onDelta) {
      return guard(async (): Promise<WorkerChatResult> => {
        const stream = await engine.chat.completions.create({
          messages: req.messages,
          stream: true,
          stream_options: { include_usage: true },
          ...(req.stop?.length ? { stop: req.stop } : {}),
          ...(req.temperature !== undefined ? { temperature: req.temperature } : {}),
          ...(req.maxTokens !== undefined ? { max_tokens: req.maxTokens } : {}),
          ...(req.enableThinking !== undefined
            ? { extra_body: { enable_thinking: req.enableThinking } }
            : {}),
        });
        let finish: string | null | undefined;
        let result: WorkerChatResult['usage'];
        for await (const chunk of stream) {
          const choice = chunk.choices[0];
          const delta = choice?.delta?.content;
          // Awaited: through comlink each call is a message on its own port, and the final result
          // must not overtake the last deltas.
          if (delta) await onDelta(delta);
          if (choice?.finish_reason) finish = choice.finish_reason;
          if (chunk.usage) {
            const extra = chunk.usage.extra;
            result = {
              promptTokens: chunk.usage.prompt_tokens,
              completionTokens: chunk.usage.completion_tokens,
              prefillTokensPerSec: extra?.prefill_tokens_per_s,
              decodeTokensPerSec: extra?.decode_tokens_per_s,
            };
          }
        }
        // The engine's own final message: a stop-string fragment may have leaked into the deltas.
        const content = await engine.getMessage();
        return { content, finishReason: finishReasonOf(finish), usage: result };
      });
    },
    interrupt() {
      return guard(async () => void (await engine.interruptGenerate()));
    },
    resetChat() {
      return guard(() => engine.resetChat());
    },
    hasModelInCache(modelId, appConfig) {
      return guard(() => cache.hasModelInCache(modelId, appConfig));
    },
    deleteModel(modelId, appConfig) {
      return own(() => cache.deleteModelAllInfoInCache(modelId, appConfig));
    },
  };
}
