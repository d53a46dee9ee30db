// The model-server engine's front door.
export { normalizeBaseUrl, displayUrl, baseUrlNote, BaseUrlError } from './base-url';
export {
  EndpointEngine,
  DEFAULT_CONTEXT_WINDOW,
  DEFAULT_IDLE_TIMEOUT_MS,
  type EndpointEngineOptions,
} from './endpoint-engine';
export { describeServer } from './server-probe';
export { servedDialect } from './thinking';
export { EndpointError, type EndpointErrorCode } from './errors';
export { dialectForServedModel, type ServedDialect } from './dialect';
export { listModels, type ServedModel } from './models';
export { KNOWN_SERVERS, serverById, type KnownServer, type ServerKind } from './servers';
export { browserProbeEnv } from './browser-env';
export type { ProbeEnv } from './explain-failure';
