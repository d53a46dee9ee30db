// The page's entry (src/main.ts) starts Python and then imports the app (src/app/main-app.ts).
// Left alone, the browser would learn of the app's files only once the entry had run; this lists
// them in the page (modulepreload, and a preload of the app's stylesheet), so they are fetched in parallel with
// the entry, as when the app was the entry itself. `appChunkFiles` is also what the benchmark
// counts as the first screen's code (bench/metrics/first-load.mjs reads these links).
const APP = /src\/app\/main-app\.ts$/;

/** The app chunk and every chunk it imports statically, plus their CSS, from a Rollup bundle. */
export function appChunkFiles(bundle, entry) {
  const app = (entry.dynamicImports ?? [])
    .map((f) => bundle[f])
    .find((c) => c?.type === 'chunk' && APP.test(c.facadeModuleId ?? ''));
  if (!app) throw new Error('app-preload: the entry does not import src/app/main-app.ts');
  const js = [];
  const css = new Set();
  // The entry and its own imports are in the page already (Vite writes them).
  const seen = new Set([entry.fileName, ...(entry.imports ?? [])]);
  const visit = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    const chunk = bundle[file];
    if (chunk?.type !== 'chunk') return;
    js.push(file);
    for (const c of chunk.viteMetadata?.importedCss ?? []) css.add(c);
    for (const f of chunk.imports ?? []) visit(f);
  };
  visit(app.fileName);
  return { js, css: [...css] };
}

export function appPreloadPlugin() {
  return {
    name: 'codeact-app-preload',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        if (!ctx.bundle || !ctx.chunk) return [];
        const { js, css } = appChunkFiles(ctx.bundle, ctx.chunk);
        return [
          ...js.map((f) => ({
            tag: 'link',
            attrs: { rel: 'modulepreload', crossorigin: true, href: `./${f}` },
            injectTo: 'head',
          })),
          ...css.map((f) => ({
            tag: 'link',
            // A preload, not a stylesheet: a pending stylesheet would hold back the entry's
            // script (and so Python's start) until it arrived. The app's import applies it.
            attrs: { rel: 'preload', as: 'style', crossorigin: true, href: `./${f}` },
            injectTo: 'head',
          })),
        ];
      },
    },
  };
}
