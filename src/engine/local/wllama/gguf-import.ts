// Checks picked .gguf files before anything is stored: each must be GGUF (magic bytes), the model
// an architecture the app can chat with, and a split GGUF complete (all `split.count` shards).
import { AppError } from '../../../errors/app-error';
import type { CatalogModel } from '../../catalog/types';
import type { PickedFile } from '../runtime';
import {
  GgufFormatError,
  readGgufHeader,
  summarize,
  SUPPORTED_ARCHITECTURES,
  type GgufSummary,
} from './gguf-header';

export interface CheckedImport {
  files: PickedFile[];
  summary: GgufSummary;
}

export function looksLikeGguf(files: readonly PickedFile[]): boolean {
  return files.length > 0 && files.every((f) => /\.gguf$/i.test(f.name));
}

/** The picked files in load order with the first shard's header; throws a typed error otherwise. */
export async function checkImport(picked: readonly PickedFile[]): Promise<CheckedImport> {
  if (!picked.length) throw new AppError('import-empty', 'No file was picked.');
  const files = [...picked].sort((a, b) => a.name.localeCompare(b.name));
  const summaries: GgufSummary[] = [];
  for (const f of files) {
    try {
      summaries.push(summarize(await readGgufHeader(f)));
    } catch (e) {
      if (e instanceof GgufFormatError)
        throw new AppError('not-gguf', `${f.name} is not a GGUF model file: ${e.message}.`, {
          action:
            'Pick a .gguf file (llama.cpp’s format), for example one downloaded from Hugging Face.',
        });
      throw e;
    }
  }
  const first = summaries[0]!;
  if (!SUPPORTED_ARCHITECTURES.has(first.architecture))
    throw new AppError(
      'unsupported-architecture',
      `${files[0]!.name} is a GGUF of architecture “${first.architecture}”, which this app cannot chat with.`,
      {
        action: `Pick a text chat model (${[...SUPPORTED_ARCHITECTURES].slice(0, 6).join(', ')}, …).`,
      },
    );
  if (first.splitCount !== files.length)
    throw new AppError(
      'import-incomplete',
      `${files[0]!.name} is part of a split GGUF of ${first.splitCount} files, but ${files.length} were picked.`,
      { action: `Pick all ${first.splitCount} shards together.` },
    );
  return { files, summary: first };
}

/** The catalog entry of an imported GGUF. */
export function importedEntry(id: string, c: CheckedImport): CatalogModel {
  const bytes = c.files.reduce((a, f) => a + f.size, 0);
  const s = c.summary;
  const chatml = s.chatTemplate?.includes('<|im_start|>');
  return {
    id,
    label: `${s.name ?? id} (imported GGUF)`,
    family: id,
    series: 'generic',
    quantization: 'GGUF',
    dialect: 'generic',
    contextWindow: Math.min(8192, s.contextLength ?? 4096),
    ...(s.contextLength ? { maxContext: s.contextLength } : {}),
    ...(s.blockCount && s.kvHeads && s.heads && s.embeddingLength
      ? {
          kv: {
            attentionLayers: s.blockCount,
            kvHeads: s.kvHeads,
            headDim: s.embeddingLength / s.heads,
            source: 'config' as const,
          },
        }
      : {}),
    memoryMB: Math.round((bytes / 1e6) * 1.1 + 200),
    downloadMB: Math.round(bytes / 1e6),
    lowResource: false,
    stopStrings: chatml ? ['<|im_end|>'] : [],
    origin: 'imported',
    source: {
      backend: 'wllama',
      files: c.files.map((f) => ({ kind: 'self-hosted', path: f.name })),
    },
  };
}

/** An id for picked files: the first file's name without shard suffix and extension. */
export function importId(files: readonly PickedFile[]): string {
  const name = [...files].sort((a, b) => a.name.localeCompare(b.name))[0]?.name ?? 'model.gguf';
  return `${name.replace(/-\d{5}-of-\d{5}\.gguf$/i, '').replace(/\.gguf$/i, '')}-imported-GGUF`;
}
