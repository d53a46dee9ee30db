// Markdown → safe HTML, usable on partial (streaming) text.
import { Marked } from 'marked';
import { closePartialMarkdown } from './reply-text';
import { sanitizeHtml } from './sanitize';

const marked = new Marked({ gfm: true, breaks: false, async: false });

/** One markdown block (or a whole reply) to sanitised HTML; `partial` closes an open fence. */
export function renderMarkdownBlock(text: string, partial = true): string {
  const html = marked.parse(partial ? closePartialMarkdown(text) : text, {
    async: false,
  }) as string;
  return sanitizeHtml(html);
}

export { sanitizeHtml };

export function renderMarkdown(text: string): string {
  const html = marked.parse(closePartialMarkdown(text), { async: false }) as string;
  return sanitizeHtml(html);
}
