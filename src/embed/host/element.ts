// <codeact-agent src="https://app.example/" model="…" placeholder="…" theme="dark" height="560"
//                endpoint-url="http://localhost:11434/v1" endpoint-model="qwen2.5-coder:7b">
// Renders the app in compact widget mode inside an iframe (its own origin, its own
// storage) and exposes a typed client as `element.client`. There is no key attribute: a
// model server's API key is given only through `client.setEndpoint()`.
import { CodeActWidgetClient } from './host-client';
import { originOf } from '../protocol/origins';
import type { WidgetSettings } from '../protocol/protocol';

/** Attribute (also the iframe URL's query parameter) → widget setting. */
const SETTING_ATTRS = {
  model: 'model',
  placeholder: 'placeholder',
  theme: 'theme',
  'endpoint-url': 'endpointUrl',
  'endpoint-model': 'endpointModel',
} as const satisfies Record<string, keyof WidgetSettings>;
type SettingAttr = keyof typeof SETTING_ATTRS;
const ATTRS = Object.keys(SETTING_ATTRS) as SettingAttr[];
/** Lets the widget reach the user's own model server on this machine or the local network. */
const FRAME_ALLOW = 'cross-origin-isolated; local-network-access; local-network; loopback-network';
const DEFAULT_HEIGHT = '600px';

/** The iframe URL: the app in embed mode, told which origin embeds it. */
export function widgetUrl(src: string, base: string, hostOrigin: string, settings: WidgetSettings) {
  const url = new URL(src, base);
  url.searchParams.set('embed', '1');
  url.searchParams.set('host', hostOrigin);
  for (const attr of ATTRS) {
    const v = settings[SETTING_ATTRS[attr]];
    if (v) url.searchParams.set(attr, v);
  }
  return url.href;
}

function cssLength(v: string | null): string {
  if (!v) return DEFAULT_HEIGHT;
  return /^\d+(\.\d+)?$/.test(v) ? `${v}px` : v;
}

export class CodeActAgentElement extends HTMLElement {
  static observedAttributes = ['src', 'height', ...ATTRS];
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
    } else if (name in SETTING_ATTRS)
      void this.#client?.configure({ [SETTING_ATTRS[name as SettingAttr]]: value ?? undefined });
  }

  #settings(): WidgetSettings {
    const s: Record<string, string> = {};
    for (const attr of ATTRS) {
      const v = this.getAttribute(attr);
      if (v) s[SETTING_ATTRS[attr]] = v;
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
    // Cross-origin isolation when the host page itself is; local network access (Chrome asks
    // the user) so the widget can call a model server on localhost or the LAN.
    frame.allow = FRAME_ALLOW;
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
