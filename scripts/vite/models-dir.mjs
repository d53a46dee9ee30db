// `MODELS_DIR=<folder of MLC model folders> npm run build` copies each model into
// dist/models/<id>/resolve/main/ (the layout WebLLM expects) and lists them in
// dist/models/local-models.json (replacing the empty one from public/models/), from which the
// app learns which self-hosted models this site serves (src/engine/local/hosted-manifest.ts). One folder
// then holds the app, Python, packages and the model: an offline or air-gapped site.
import fs from 'node:fs';
import path from 'node:path';

const REQUIRED = ['mlc-chat-config.json', 'tensor-cache.json'];

/** Validate one MLC model folder; returns its description or throws with what is missing. */
export function describeModelFolder(dir) {
  const id = path.basename(dir);
  for (const f of REQUIRED) {
    if (!fs.existsSync(path.join(dir, f))) throw new Error(`${id}: missing ${f} in ${dir}`);
  }
  const cache = JSON.parse(fs.readFileSync(path.join(dir, 'tensor-cache.json'), 'utf8'));
  const shards = (cache.records ?? []).map((r) => r.dataPath);
  const missing = shards.filter((s) => !fs.existsSync(path.join(dir, s)));
  if (missing.length) throw new Error(`${id}: missing shard(s) ${missing.join(', ')}`);
  if (
    !fs.existsSync(path.join(dir, 'tokenizer.json')) &&
    !fs.existsSync(path.join(dir, 'tokenizer.model'))
  ) {
    throw new Error(`${id}: missing tokenizer.json (or tokenizer.model)`);
  }
  const libs = fs.readdirSync(dir).filter((f) => f.endsWith('.wasm'));
  const bytes = fs
    .readdirSync(dir)
    .reduce(
      (n, f) =>
        n + (fs.statSync(path.join(dir, f)).isFile() ? fs.statSync(path.join(dir, f)).size : 0),
      0,
    );
  return { id, modelLib: libs[0] ?? null, bytes };
}

export function modelsDirPlugin(modelsDir = process.env.MODELS_DIR) {
  let outDir = 'dist';
  return {
    name: 'codeact:models-dir',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      if (!modelsDir) return;
      const root = path.resolve(modelsDir);
      const entries = fs
        .readdirSync(root, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => path.join(root, d.name));
      const models = [];
      for (const dir of entries) {
        const info = describeModelFolder(dir);
        const dest = path.join(outDir, 'models', info.id, 'resolve', 'main');
        fs.mkdirSync(dest, { recursive: true });
        for (const f of fs.readdirSync(dir)) {
          const src = path.join(dir, f);
          if (fs.statSync(src).isFile()) fs.copyFileSync(src, path.join(dest, f));
        }
        models.push({
          id: info.id,
          path: `models/${info.id}/resolve/main/`,
          modelLib: info.modelLib ? `models/${info.id}/resolve/main/${info.modelLib}` : null,
          bytes: info.bytes,
        });
      }
      fs.writeFileSync(
        path.join(outDir, 'models', 'local-models.json'),
        JSON.stringify({ models }, null, 2),
      );
      console.log(`models: copied ${models.length} model(s) from ${root} into dist/models/`);
    },
  };
}
