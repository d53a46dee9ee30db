// Builds src/preboot.ts as an entry of its own and puts it in the page as an `async` module
// script before the app's: the browser runs it as soon as it (and the little it imports) has
// arrived, without waiting for the app's code, and the app's own script still runs before the
// page's load event. (Vite would fold every module script written in index.html into one entry,
// which runs only once the app's whole graph has loaded.)
const PREBOOT = 'src/preboot.ts';

/** index.html with the preboot script placed before the first module script. */
export function withPrebootScript(html, file) {
  const tag = `<script type="module" async crossorigin src="./${file}"></script>`;
  const at = html.indexOf('<script type="module"');
  if (at < 0) throw new Error('preboot: index.html has no module script to go before');
  return `${html.slice(0, at)}${tag}\n    ${html.slice(at)}`;
}

export function prebootPlugin() {
  return {
    name: 'codeact-preboot',
    apply: 'build',
    config: () => ({
      build: { rollupOptions: { input: { index: 'index.html', preboot: PREBOOT } } },
    }),
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const chunk = Object.values(ctx.bundle ?? {}).find(
          (c) => c.type === 'chunk' && c.isEntry && (c.facadeModuleId ?? '').endsWith(PREBOOT),
        );
        if (!chunk) throw new Error(`preboot: no chunk for ${PREBOOT} in the bundle`);
        return withPrebootScript(html, chunk.fileName);
      },
    },
  };
}
