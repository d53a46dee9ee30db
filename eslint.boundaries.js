// The house rules as lint rules, so they are enforced rather than remembered (issue #12):
//  - src/ reaches a worker only through workers/contracts/* (and `new URL('…worker.ts',
//    import.meta.url)` entry URLs, which are not imports);
//  - worker code imports nothing from src/: a slice (workers/<name>/) imports itself and
//    workers/contracts/, and the contracts import no project code (only package types);
//  - the UI (src/ui, and the app-side embed code and bootstrap with it) imports src/engine only
//    through its front door, src/engine/index.ts;
//  - the agent loop (src/agent) touches no DOM and imports no UI, runtime, storage, embed or PWA
//    code (only the type-only runner contract, src/runtime/types.ts);
//  - the engines and the Python owner (src/engine, src/runtime) sit below the agent loop and the
//    UI: they import none of src/agent, src/ui, src/app, src/embed, src/eval;
//  - a local model backend is one slice (src/engine/local/<backend>/): nothing outside it imports
//    its files other than its front door (index.ts), and a slice imports no other slice's files;
//  - src/eval and src/storage import src/engine only through its front door, and the embed host
//    script (src/embed/host, shipped to other sites' pages) imports only ../protocol/;
//  - worker contracts import nothing but package types and the shared chat vocabulary
//    (workers/contracts/chat.ts).
// Flat config replaces a rule's options per matching block, so each block lists all of its
// folder's patterns.
import globals from 'globals';

const pattern = (regex, message, extra = {}) => ({ regex, message, ...extra });

const SLICE_MESSAGE =
  "A backend slice's files are private to it: import src/engine/local/<backend>/index.ts (its front door).";
const SRC = [
  pattern(
    '(^|/)workers/(?!contracts/)',
    'src/ reaches a worker only through workers/contracts/* and its owner class (start it with new URL(…, import.meta.url)).',
  ),
  // From anywhere but the slice's own folder, a path through local/<backend>/ names an internal file.
  pattern('(^|/)local/[^/]+/(?!index$)', SLICE_MESSAGE),
];
/** Files directly in src/engine/local/ name a slice as './<backend>/…'. */
const LOCAL_ROOT = [pattern('^\\./[^/]+/(?!index$)', SLICE_MESSAGE)];
/** Inside a slice, '../<other>/…' is another slice's internal file ('../../…' leaves local/). */
const IN_SLICE = [
  pattern(
    '^\\.\\./[^./][^/]*/(?!index$)',
    "A backend slice imports no other slice's files (share through local/ or a front door).",
  ),
];
const UI = [
  pattern(
    '(^|/)engine/(?!index$)',
    "The UI imports src/engine only through its front door: import from '…/engine' (src/engine/index.ts).",
  ),
];
const AGENT = [
  pattern(
    '(^|/)(ui|storage|embed|pwa)(/|$)',
    'src/agent is pure TypeScript: it talks to the UI through AgentEvents, not imports.',
  ),
  pattern(
    '(^|/)runtime/(?!types$)',
    'src/agent reaches Python only through the CodeRunner interface (src/runtime/types.ts).',
  ),
  pattern('(^|/)runtime/types$', 'src/agent imports only types from src/runtime/types.ts.', {
    allowTypeImports: true,
  }),
];
const LOWER = [
  pattern(
    '(^|/)(agent|ui|app|embed|eval)(/|$)',
    'src/engine and src/runtime sit below the agent loop and the UI: keep the shared type here and import it from above.',
  ),
];
const FRONT_DOOR = (room) => [
  pattern(
    '(^|/)engine/(?!index$)',
    `${room} imports src/engine only through its front door: import from '…/engine' (src/engine/index.ts).`,
  ),
];
const EMBED_HOST = [
  pattern(
    '^\\.\\./(?!protocol/)',
    'src/embed/host ships to other sites: it imports only its own files and ../protocol/.',
  ),
];
const WORKER = [
  pattern('(^|/)src(/|$)', 'Worker code imports only from workers/ (its slice and contracts).'),
];
const SLICE = [
  pattern(
    '^\\.\\./(?!contracts/)',
    'A worker slice imports only its own files and workers/contracts/ (share code through a contract).',
  ),
];
const CONTRACT = [
  pattern(
    '^\\.(?!/chat$)',
    'Worker contracts are self-contained: they import no project code but ./chat (the shared chat vocabulary).',
  ),
  pattern('^[^.]', 'Worker contracts are type modules: they import only types from packages.', {
    allowTypeImports: true,
  }),
];

/** The same patterns for dynamic import(), which no-restricted-imports does not look at. */
function dynamic(patterns) {
  // esquery regex literals cannot hold '/', so it is written \u002F.
  return patterns.map(({ regex, message }) => ({
    selector: `ImportExpression[source.value=/${regex.replaceAll('/', '\\u002F')}/]`,
    message,
  }));
}

function restrict(files, patterns) {
  return {
    files,
    rules: {
      'no-restricted-imports': ['error', { patterns }],
      'no-restricted-syntax': ['error', ...dynamic(patterns)],
    },
  };
}

// Globals only a page has (not Node, not a worker), plus the page-ish ones the agent must not use.
const DOM_GLOBALS = [
  ...Object.keys(globals.browser).filter(
    (k) => !(k in globals.node) && !(k in globals.es2021) && !(k in globals.worker),
  ),
  'navigator',
  'location',
  'self',
  'localStorage',
  'sessionStorage',
  'indexedDB',
  'caches',
].map((name) => ({
  name,
  message: 'src/agent is pure TypeScript: no DOM or browser globals (the UI renders AgentEvents).',
}));

const code = (dir) => [`${dir}/**/*.ts`, `${dir}/**/*.svelte`];

/** @type {import('eslint').Linter.Config[]} */
export default [
  restrict(code('src'), SRC),
  restrict([...code('src/ui'), ...code('src/embed/app'), ...code('src/app')], [...SRC, ...UI]),
  restrict(code('src/agent'), [...SRC, ...AGENT]),
  restrict([...code('src/engine'), ...code('src/runtime')], [...SRC, ...LOWER]),
  restrict(['src/engine/local/*.ts'], [...SRC, ...LOWER, ...LOCAL_ROOT]),
  restrict(code('src/engine/local/*'), [...SRC, ...LOWER, ...IN_SLICE]),
  restrict(code('src/eval'), [...SRC, ...FRONT_DOOR('src/eval')]),
  restrict(code('src/storage'), [...SRC, ...FRONT_DOOR('src/storage')]),
  restrict(code('src/embed/host'), [...SRC, ...EMBED_HOST]),
  { files: code('src/agent'), rules: { 'no-restricted-globals': ['error', ...DOM_GLOBALS] } },
  restrict(['workers/**/*.ts'], WORKER),
  restrict(['workers/*/**/*.ts'], [...WORKER, ...SLICE]),
  restrict(['workers/contracts/**/*.ts'], CONTRACT),
];
