// Which chat template a GGUF brought, in words for the UI. llama.cpp applies the Jinja text itself
// (wllama 3 runs llama-server's chat code with jinja on); this only names it.

export interface TemplateInfo {
  /** A short name: `ChatML`, `Llama 3`, `Mistral [INST]`, `Gemma`, `custom`, or `none`. */
  name: string;
  /** `gguf`: the file's own `tokenizer.chat_template`; `none`: the file has none (llama.cpp falls back to ChatML). */
  source: 'gguf' | 'none';
}

const KNOWN: [RegExp, string][] = [
  [/<\|im_start\|>/, 'ChatML'],
  [/<\|start_header_id\|>/, 'Llama 3'],
  [/\[INST\]/, 'Mistral [INST]'],
  [/<start_of_turn>/, 'Gemma'],
  [/<\|user\|>/, 'Phi / Zephyr'],
];

export function describeTemplate(template: string | null | undefined): TemplateInfo {
  if (!template) return { name: 'none', source: 'none' };
  const hit = KNOWN.find(([re]) => re.test(template));
  return { name: hit ? hit[1] : 'custom', source: 'gguf' };
}
