// <codeact-agent src="https://app.example/" model="…" placeholder="…" theme="dark" height="560">
// Renders the app in compact widget mode inside an iframe (its own origin, its own
// storage) and exposes a typed client as `element.client`.
import { CodeActWidgetClient } from './host-client';
import { originOf } from '../protocol/origins';
import type { WidgetSettings } from '../protocol/protocol';

const SETTING_ATTRS = ['model', 'placeholder', 'theme'] as const;
const DEFAULT_HEIGHT = '600px';

/** The iframe URL: the app in embed mode, told which origin embeds it. */
export function widgetUrl(src: string, base: string, hostOrigin: string, settings: WidgetSettings) {
  const url = new URL(src, base);
  url.searchParams.set('embed', '1');
  url.searchParams.set('host', hostOrigin);
  for (const key of SETTING_ATTRS) {
    const v = settings[key];
    if (v) url.searchParams.set(key, v);
  }
  return url.href;
}

function cssLength(v: string | null): string {
  if (!v) return DEFAULT_HEIGHT;
  return /^\d+(\.\d+)?$/.test(v) ? `${v}px` : v;
}

export class CodeActAgentElement extends HTMLElement {
  static observedAttributes = ['src', 'height', ...SETTING_ATTRS];
  #frame: HTMLIFrameElement | undefined;
  #client: CodeActWidgetClient | undefined;

  /** The host API for this widget (created when the element is connected with a `src`). */
  get client(): CodeActWidgetClient | undefined {
    return this.#client;
  }

  connectedCallback(): void {
    if (!this.shadowRoot) {
      const root = this.attachShadow({ mode: 'open' });
      const style = document.createElement('style');
      style.textContent =
        ':host{display:block;min-height:200px}iframe{border:0;width:100%;height:100%;display:block}';
      root.append(style);
    }
    this.style.height = cssLength(this.getAttribute('height'));
    this.#mount();
  }

  disconnectedCallback(): void {
    this.#client?.dispose();
    this.#client = undefined;
    this.#frame?.remove();
    this.#frame = undefined;
  }

  attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    if (old === value || !this.isConnected) return;
    if (name === 'height') this.style.height = cssLength(value);
    else if (name === 'src') {
      this.disconnectedCallback();
      this.#mount();
    } else void this.#client?.configure({ [name]: value ?? undefined });
  }

  #settings(): WidgetSettings {
    const s: Record<string, string> = {};
    for (const key of SETTING_ATTRS) {
      const v = this.getAttribute(key);
      if (v) s[key] = v;
    }
    return s as WidgetSettings;
  }

  #mount(): void {
    const src = this.getAttribute('src');
    if (this.#frame || !src) return;
    if (!originOf(src, document.baseURI)) {
      console.error(`<codeact-agent>: "src" must be an http(s) URL (got "${src}").`);
      return;
    }
    const frame = document.createElement('iframe');
    frame.title = this.getAttribute('title') ?? 'CodeAct agent';
    // Lets the widget be cross-origin isolated when the host page itself is.
    frame.allow = 'cross-origin-isolated';
    frame.src = widgetUrl(src, document.baseURI, location.origin, this.#settings());
    this.shadowRoot!.append(frame);
    this.#frame = frame;
    this.#client = new CodeActWidgetClient(frame);
    void this.#client.ready().then((info) => {
      this.dispatchEvent(new CustomEvent('codeact-ready', { detail: info }));
    });
  }
}

export function defineCodeActAgent(tag = 'codeact-agent'): void {
  if (!customElements.get(tag)) customElements.define(tag, CodeActAgentElement);
}
