// The model-server engine's front door.
export { normalizeBaseUrl, displayUrl, BaseUrlError } from './base-url';
export {
  EndpointEngine,
  DEFAULT_CONTEXT_WINDOW,
  type EndpointEngineOptions,
} from './endpoint-engine';
export { EndpointError, type EndpointErrorCode } from './errors';
export { dialectForServedModel, type ServedDialect } from './dialect';
export { listModels, type ServedModel } from './models';
export { KNOWN_SERVERS, type KnownServer } from './servers';
export { browserProbeEnv } from './browser-env';
export type { ProbeEnv } from './explain-failure';
