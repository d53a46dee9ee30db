// Native llama.cpp for the benchmark: node-llama-cpp, pinned, with its prebuilt CPU binary from
// npm, installed on first use into the git-ignored .cache/node-llama-cpp/ (not a devDependency:
// on linux-x64 npm would also fetch its CUDA and Vulkan builds, about 700 MB, on every `npm ci`).
// The install never compiles and never downloads from outside the npm registry: install scripts
// are off, and getLlama() is told never to build.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export const NODE_LLAMA_CPP = '3.21.1';
const DIR = path.resolve('.cache/node-llama-cpp');

/** npm's name for this machine's prebuilt CPU binary package (no GPU build is wanted here). */
export function binaryPackage(platform = process.platform, arch = process.arch) {
  const os = { linux: 'linux', darwin: 'mac', win32: 'win' }[platform];
  const known = [
    'linux-x64',
    'linux-arm64',
    'linux-armv7l',
    'mac-x64',
    'mac-arm64-metal',
    'win-x64',
    'win-arm64',
  ];
  const name = `${os}-${arch === 'arm' ? 'armv7l' : arch}`;
  const pick = known.find((k) => k === name || k === `${name}-metal`);
  if (!os || !pick)
    throw new Error(`node-llama-cpp has no prebuilt binary for ${platform}-${arch}`);
  return `@node-llama-cpp/${pick}`;
}

function entry(pkg) {
  const dir = path.join(DIR, 'node_modules', pkg);
  const json = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const exp = json.exports?.['.'];
  const main =
    (typeof exp === 'string' ? exp : (exp?.import?.default ?? exp?.import ?? exp?.default)) ??
    json.main;
  return { version: json.version, url: pathToFileURL(path.join(dir, main)).href };
}

/** Installs node-llama-cpp@pinned into .cache/ when missing; returns its module. */
export async function importNodeLlamaCpp() {
  let have;
  try {
    have = entry('node-llama-cpp');
  } catch {
    // Not installed yet.
  }
  if (have?.version !== NODE_LLAMA_CPP) {
    process.stderr.write(`(installing node-llama-cpp@${NODE_LLAMA_CPP} into ${DIR}) `);
    fs.mkdirSync(DIR, { recursive: true });
    fs.writeFileSync(path.join(DIR, 'package.json'), '{ "private": true }\n');
    const r = spawnSync(
      'npm',
      [
        'install',
        '--no-save',
        '--no-audit',
        '--no-fund',
        '--ignore-scripts',
        '--omit=optional',
        '--prefix',
        DIR,
        `node-llama-cpp@${NODE_LLAMA_CPP}`,
        `${binaryPackage()}@${NODE_LLAMA_CPP}`,
      ],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
    if (r.status !== 0)
      throw new Error(`npm could not install node-llama-cpp@${NODE_LLAMA_CPP} (exit ${r.status})`);
    have = entry('node-llama-cpp');
  }
  return { module: await import(have.url), version: have.version };
}

/** The GGUF's own chat template applied to `messages` (what llama-server does for a chat request). */
async function templated(model, messages) {
  const { Template } = await import(entry('@huggingface/jinja').url);
  const meta = model.fileInfo.metadata;
  const tpl = meta.tokenizer?.chat_template;
  if (!tpl) throw new Error('the GGUF has no chat template');
  const text = new Template(tpl).render({
    messages,
    add_generation_prompt: true,
    bos_token: '',
    eos_token: '',
  });
  const tokens = model.tokenize(text, true);
  const bos = model.tokens.bos;
  return meta.tokenizer?.ggml?.add_bos_token && bos != null ? [bos, ...tokens] : tokens;
}

/** Loads the GGUF in native llama.cpp on `threads` CPU threads; `run()` times one request. */
export async function openNative(modelPath, { threads, contextWindow }) {
  const { module: nlc, version } = await importNodeLlamaCpp();
  const llama = await nlc.getLlama({ gpu: false, build: 'never', logLevel: 'error' });
  const model = await llama.loadModel({ modelPath, gpuLayers: 0 });
  const context = await model.createContext({ contextSize: contextWindow, threads });
  const sequence = context.getSequence();

  async function run(messages, maxTokens) {
    const prompt = await templated(model, messages);
    await sequence.clearHistory();
    const tokenMs = [];
    const startMs = performance.now();
    // Greedy and past end-of-generation tokens: exactly maxTokens decode steps.
    for await (const _ of sequence.evaluate(prompt, { temperature: 0 })) {
      tokenMs.push(performance.now());
      if (tokenMs.length >= maxTokens) break;
    }
    return { promptTokens: prompt.length, startMs, tokenMs };
  }

  return {
    version,
    threads: context.currentThreads,
    run,
    async close() {
      await context.dispose();
      await model.dispose();
      await llama.dispose();
    },
  };
}
