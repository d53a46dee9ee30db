// The LLM worker: the only place that imports WebLLM's runtime (about 6 MB). The main thread talks
// to it through comlink (workers/contracts/llm.ts); the logic lives in ./llm-service.ts.
//
// We run an MLCEngine behind our own comlink API instead of WebWorkerMLCEngineHandler's message
// protocol: that protocol's client (WebWorkerMLCEngine) lives in the same bundle and would pull
// all of WebLLM into the main thread, and we need extra calls (cache checks, cancel) anyway.
import * as Comlink from 'comlink';
import { deleteModelAllInfoInCache, hasModelInCache, MLCEngine } from '@mlc-ai/web-llm';
import { createLlmService } from './llm-service';

Comlink.expose(createLlmService(new MLCEngine(), { hasModelInCache, deleteModelAllInfoInCache }));
