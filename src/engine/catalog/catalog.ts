// The catalog as the rest of the engine reads it: the list (catalog-data.ts), its types, and the
// one question every backend asks of an entry (is it mine?).
import type { CatalogModel, LocalBackend, ModelOf } from './types';

export { CATALOG, DEFAULT_PREFERENCE } from './catalog-data';
export type {
  CatalogModel,
  FileLocation,
  KvShape,
  LocalBackend,
  ModelOf,
  ModelSource,
  PromptDialect,
  WebLLMSource,
  WllamaSource,
} from './types';

/** Whether a catalog entry is run by `backend` (narrows its source to that backend's). */
export const isBackend = <B extends LocalBackend>(m: CatalogModel, backend: B): m is ModelOf<B> =>
  m.source.backend === backend;
