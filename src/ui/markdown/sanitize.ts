// One sanitiser for everything untrusted that becomes HTML: model markdown and Python's HTML
// outputs. No script, no event handlers, and nothing that makes the browser fetch a resource:
// only data: images (our own PNG outputs) survive; external src/srcset/CSS urls are removed.
import DOMPurify from 'dompurify';

const DATA_IMAGE = /^data:image\/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=\s]+$/i;
/** CSS that could load something or run something. */
const UNSAFE_CSS = /url\s*\(|@import|expression\s*\(|image-set\s*\(|image\s*\(|\\/i;
/** Attributes that fetch, navigate by themselves, or carry URLs we never want. */
const URL_ATTRS = new Set([
  'src',
  'srcset',
  'background',
  'poster',
  'action',
  'formaction',
  'ping',
  'xlink:href',
  'data',
  'codebase',
  'cite',
  'longdesc',
  'lowsrc',
  'dynsrc',
  'manifest',
  'profile',
]);

let purifier: ReturnType<typeof DOMPurify> | undefined;

function getPurifier(): ReturnType<typeof DOMPurify> {
  if (purifier) return purifier;
  const p = DOMPurify(window);
  p.addHook('uponSanitizeAttribute', (node, data) => {
    const name = data.attrName.toLowerCase();
    if (name === 'src' && node.nodeName === 'IMG' && DATA_IMAGE.test(data.attrValue.trim())) return;
    if (URL_ATTRS.has(name)) data.keepAttr = false;
    if (name === 'style' && UNSAFE_CSS.test(data.attrValue)) data.keepAttr = false;
    if (name === 'href' && !/^(https?:|mailto:|#)/i.test(data.attrValue.trim()))
      data.keepAttr = false;
  });
  p.addHook('afterSanitizeAttributes', (node) => {
    // Links open outside the app and tell the target nothing.
    if (node.nodeName === 'A' && node.hasAttribute('href')) {
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer nofollow');
    }
    if (node.nodeName === 'IMG' && !node.hasAttribute('src'))
      node.setAttribute('alt', '[image removed]');
  });
  purifier = p;
  return p;
}

export function sanitizeHtml(html: string): string {
  return getPurifier().sanitize(html, {
    FORBID_TAGS: [
      'style',
      'link',
      'meta',
      'base',
      'iframe',
      'frame',
      'object',
      'embed',
      'form',
      'input',
      'button',
      'textarea',
      'select',
      'video',
      'audio',
      'source',
      'track',
      'picture',
      'svg',
      'math',
      'template',
    ],
    FORBID_ATTR: ['srcset', 'background', 'poster', 'ping', 'formaction', 'action'],
    ALLOW_DATA_ATTR: false,
    ALLOW_ARIA_ATTR: true,
  });
}
