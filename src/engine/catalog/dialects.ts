// Which prompt dialect a model gets, from catalog data. The app calls this for the loaded model
// and the endpoint engine for a served one; the agent receives the result (it never guesses).
import { CATALOG } from './catalog-data';
import type { CatalogModel, PromptDialect } from './types';
import { seriesFromId, seriesOf, type ModelSeries, type ReasoningFormat } from './families';

export interface ModelDialect {
  /** The series key (families.ts). */
  series: string;
  prompt: PromptDialect;
  /** End-of-turn strings sent as stop strings next to `</execute>`. */
  endTokens: string[];
  reasoning?: ReasoningFormat;
  /**
   * Where it came from: `catalog` (the model's own entry or its series), `heuristic` (a model
   * the catalog does not know: guessed from its id, see families.ts ID_HEURISTICS).
   */
  from: 'catalog' | 'heuristic';
}

/** What is known about a model: a catalog entry, an imported folder, or just a served id. */
export type DialectSource = Pick<CatalogModel, 'id'> &
  Partial<Pick<CatalogModel, 'series' | 'dialect' | 'stopStrings'>>;

export function dialectFor(
  model: DialectSource,
  catalog: readonly CatalogModel[] = CATALOG,
): ModelDialect {
  const entry = model.series ? model : catalog.find((m) => m.id === model.id);
  const known = seriesOf(entry?.series);
  const series: ModelSeries = known ?? seriesFromId(model.id);
  const stops = model.stopStrings ?? entry?.stopStrings;
  return {
    series: series.key,
    prompt: model.dialect ?? entry?.dialect ?? series.prompt,
    endTokens: stops && stops.length > 0 ? [...stops] : [...series.endTokens],
    ...(series.reasoning ? { reasoning: series.reasoning } : {}),
    from: known ? 'catalog' : 'heuristic',
  };
}

/** Whether the model can be told per request not to reason (the thinking switch applies). */
export const hasThinkingSwitch = (d: ModelDialect): boolean =>
  d.reasoning?.switch === 'enable_thinking';
