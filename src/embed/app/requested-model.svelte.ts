// A widget host may ask for a model (`model` attribute). It is loaded only when its weights are
// already in this browser's cache: a widget never starts a multi-gigabyte download by itself.
// Typed structurally: it uses two members of the Models panel state (src/ui/models).

/** What this needs of the Models panel state. */
export interface RequestedModelLoader {
  row(id: string): { cached?: { complete?: boolean } | null };
  load(id: string): Promise<unknown>;
}

export interface RequestedModelApp {
  /** The model the host asked for; '' for none. */
  readonly requestedModel: string;
  readonly models: RequestedModelLoader;
}

/** The model to load now: the requested one once its weights are cached, once per request. */
export function modelToLoad(
  wanted: string,
  loaded: string,
  models: Pick<RequestedModelLoader, 'row'>,
): string | null {
  if (!wanted || loaded === wanted) return null;
  return models.row(wanted).cached?.complete ? wanted : null;
}

/** Follows `app.requestedModel` for the page's life; returns the function that stops following. */
export function loadRequestedModelWhenCached(app: RequestedModelApp): () => void {
  let loaded = '';
  return $effect.root(() => {
    $effect(() => {
      const next = modelToLoad(app.requestedModel, loaded, app.models);
      if (!next) return;
      loaded = next; // once per requested model, even while rows change during the load
      void app.models.load(next);
    });
  });
}
