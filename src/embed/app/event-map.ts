// The host sees a stable, smaller event vocabulary than the agent's own events, so the
// agent's internals can change without breaking host pages.
import type { AgentEvent } from '../../agent/events';
import type { RunOutput } from '../../runtime/types';
import type { WidgetEvent } from '../protocol/protocol';

function outputEvent(o: RunOutput): WidgetEvent {
  switch (o.type) {
    case 'stream':
      return { type: 'output', stream: o.name, text: o.text };
    case 'text':
    case 'html':
      return { type: 'output', stream: 'display', text: o.text };
    case 'png':
      return { type: 'output', stream: 'display', text: '[image]' };
  }
}

/** The host-facing event for an agent event, or null for internal ones (deltas, usage…). */
export function toWidgetEvent(e: AgentEvent): WidgetEvent | null {
  switch (e.type) {
    case 'reply':
      return { type: 'message', role: 'assistant', content: e.content };
    case 'action':
      return { type: 'code', code: e.code };
    case 'output':
      return outputEvent(e.output);
    case 'final':
      return { type: 'final', content: e.content };
    case 'error':
      return { type: 'error', message: e.message };
    case 'stopped':
      return { type: 'error', message: e.message };
    default:
      return null;
  }
}
