// Texts for the person using the app, shown next to a cell; the model never sees them.
// The model gets its own, shorter texts from model-texts.ts.

/** A package could not be imported: how to make it available (offline builds included). */
export function missingPackageNotice(names: readonly string[]): string {
  const list = names.join(', ');
  return `${list} could not be loaded: it is not bundled with this app and could not be downloaded (offline?). The model was told to use the packages that are available instead. To make it available: connect to the internet and ask again, or build the app with PYODIDE_WHEELS_DIR=<an unpacked Pyodide release> so the wheels are bundled and work offline (docs/deploy.md).`;
}

/** The model ran the same code again and got the same result: say what the agent did. */
export function repeatNotice(): string {
  return 'The model repeated code that had ended the same way before: the agent told it to change the approach and sampled the next reply with more variety.';
}

/** The model's own version of a tool function was left out of the run (code-guard.ts). */
export function toolsKeptNotice(names: readonly string[]): string {
  const list = names.join(', ');
  return `The model wrote its own ${list}, which would have replaced the app's tool of that name with made-up values: the agent left that definition out (this cell shows the code that ran) and told the model to call the tool.`;
}

export function toolsImportedNotice(names: readonly string[]): string {
  return `The model imported ${names.join(', ')} from a module that does not exist (tool functions are defined in Python directly): the agent left that import out (this cell shows the code that ran).`;
}

/** For the person, in the conversation: why the agent asked again. */
export const COMPUTE_CHECK_NOTICE =
  'The model answered without running any code; the agent asked it once to compute the answer in Python.';
