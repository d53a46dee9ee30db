// Markdown → safe HTML, usable on partial (streaming) text.
import { Marked } from 'marked';
import { closePartialMarkdown } from './reply-text';
import { sanitizeHtml } from './sanitize';

const marked = new Marked({ gfm: true, breaks: false, async: false });

export function renderMarkdown(text: string): string {
  const html = marked.parse(closePartialMarkdown(text), { async: false }) as string;
  return sanitizeHtml(html);
}
