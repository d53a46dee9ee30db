// embed.js: `<script src="https://app.example/embed.js"></script>` defines <codeact-agent>.
// The classic-script build exposes exactly one global, `CodeActEmbed`, holding these exports.
import { defineCodeActAgent } from './element';

export { CodeActAgentElement, defineCodeActAgent, widgetUrl } from './element';
export { CodeActWidgetClient, type JsToolImpl } from './host-client';
export type * from '../protocol/protocol';

defineCodeActAgent();
