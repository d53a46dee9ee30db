// The first markdown render and the first code editor are slow (marked compiles its large
// regexes, the sanitiser sets itself up, CodeMirror's code runs for the first time): 50–100 ms
// tasks on a slow machine. Left alone they land right when the first cell or answer appears,
// often next to a big cell result (bench/ output-flood), and the page stutters. Each is done
// once, on throwaway input, in an idle period when the app is quiet (no reply streaming, no cell
// running: there it would be the stutter it is meant to avoid).

const MARKDOWN_SAMPLE =
  '# Title\n\nSome *text* with `code` and a [link](#x).\n\n- item\n- item\n\n1. one\n\n' +
  '> quote\n\n| a | b |\n| --- | --: |\n| 1 | 2 |\n\n```python\nprint(1)\n```\n\nSetext\n---\n';
const CODE_SAMPLE = 'import math\n\ndef f(x):\n    return [math.sqrt(i) for i in range(x)]\n';

let started = false;

/** Schedule the warm-ups (once per page; later calls do nothing). `quiet`: nothing is running. */
export function warmUpRenderers(quiet: () => boolean): void {
  if (started) return;
  started = true;
  const whenIdle = (run: () => void) => {
    const attempt = () => (quiet() ? run() : setTimeout(() => whenIdle(run), 1000));
    if (typeof requestIdleCallback === 'function') requestIdleCallback(attempt);
    else setTimeout(attempt, 1000);
  };
  // Loading the renderer here also fetches it (it is not in the main chunk) before an answer needs it.
  whenIdle(() => {
    void import('./markdown/render')
      .then(({ renderMarkdown }) => whenIdle(() => void renderMarkdown(MARKDOWN_SAMPLE)))
      .catch(() => {});
  });
  whenIdle(() => {
    void import('./cells/codemirror-setup')
      .then(({ createCellEditor }) => {
        // A detached host: nothing is shown, the editor is created and thrown away.
        whenIdle(() =>
          createCellEditor(document.createElement('div'), CODE_SAMPLE, {
            label: 'warm-up',
            onRun: () => {},
          }).destroy(),
        );
      })
      .catch(() => {}); // the real cell falls back to plain text on its own
  });
}
