// Parsers for messages crossing the frame boundary. Envelope parsers return null for
// anything that is not one of our messages (it is ignored); `parseParams` throws
// BadParamsError for a request of ours with wrong parameters (it gets an error reply).
import {
  CHANNEL,
  HOST_METHODS,
  LIMITS,
  type HostMessage,
  type HostMethod,
  type HostRequests,
  type WidgetEvent,
  type WidgetMessage,
} from './protocol';
import { BadParamsError, isObj, isStr, needStr, onlyKeys, type Obj } from './schema';

const PY_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function parseHostMessage(data: unknown): HostMessage | null {
  if (!isObj(data) || data.channel !== CHANNEL) return null;
  if (data.kind === 'request') {
    if (!isStr(data.id, LIMITS.id) || data.id === '') return null;
    if (!HOST_METHODS.includes(data.method as HostMethod)) return null;
    return {
      channel: CHANNEL,
      kind: 'request',
      id: data.id,
      method: data.method as HostMethod,
      params: data.params,
    };
  }
  if (data.kind === 'tool-result') {
    if (!isStr(data.callId, LIMITS.id)) return null;
    if (data.ok === true && isStr(data.value, LIMITS.text))
      return {
        channel: CHANNEL,
        kind: 'tool-result',
        callId: data.callId,
        ok: true,
        value: data.value,
      };
    if (data.ok === false && isStr(data.error, LIMITS.text))
      return {
        channel: CHANNEL,
        kind: 'tool-result',
        callId: data.callId,
        ok: false,
        error: data.error,
      };
  }
  return null;
}

function parseEvent(e: unknown): WidgetEvent | null {
  if (!isObj(e)) return null;
  const text = (k: string) => isStr(e[k], LIMITS.text);
  switch (e.type) {
    case 'message':
      return (e.role === 'user' || e.role === 'assistant') && text('content')
        ? (e as WidgetEvent)
        : null;
    case 'code':
      return text('code') ? (e as WidgetEvent) : null;
    case 'output':
      return ['stdout', 'stderr', 'display'].includes(e.stream as string) && text('text')
        ? (e as WidgetEvent)
        : null;
    case 'final':
      return text('content') ? (e as WidgetEvent) : null;
    case 'error':
      return text('message') ? (e as WidgetEvent) : null;
    default:
      return null;
  }
}

export function parseWidgetMessage(data: unknown): WidgetMessage | null {
  if (!isObj(data) || data.channel !== CHANNEL) return null;
  switch (data.kind) {
    case 'ready':
      return isObj(data.info) && typeof data.info.protocol === 'number'
        ? (data as unknown as WidgetMessage)
        : null;
    case 'response':
      if (!isStr(data.id, LIMITS.id)) return null;
      if (data.ok === true) return data as unknown as WidgetMessage;
      return data.ok === false && isStr(data.error, LIMITS.text)
        ? (data as unknown as WidgetMessage)
        : null;
    case 'event': {
      const event = parseEvent(data.event);
      return event ? { channel: CHANNEL, kind: 'event', event } : null;
    }
    case 'tool-call':
      return isStr(data.callId, LIMITS.id) &&
        isStr(data.name, LIMITS.toolName) &&
        isStr(data.args, LIMITS.text)
        ? (data as unknown as WidgetMessage)
        : null;
    default:
      return null;
  }
}

function oneLine(description: string): string {
  if (/[\r\n]/.test(description)) throw new BadParamsError('"description" must be one line');
  return description.trim();
}

function toolSpec(p: Obj, extra: string[]) {
  onlyKeys(p, ['name', 'signature', 'returns', 'description', ...extra]);
  const name = needStr(p, 'name', LIMITS.toolName)!;
  if (!PY_IDENTIFIER.test(name))
    throw new BadParamsError(`tool name "${name}" is not a Python identifier`);
  const signature = needStr(p, 'signature', 2000)!.trim();
  if (!/^\(.*\)$/s.test(signature))
    throw new BadParamsError(
      '"signature" must be a Python parameter list in parentheses, e.g. "(x: int)"',
    );
  return {
    name,
    signature,
    returns: needStr(p, 'returns', 200, true) ?? 'object',
    description: oneLine(needStr(p, 'description', 4000)!),
  };
}

function fileParams(p: Obj): HostRequests['writeFile']['params'] {
  onlyKeys(p, ['path', 'data']);
  const path = needStr(p, 'path', 500)!;
  if (path === '' || path.split('/').some((s) => s === '..'))
    throw new BadParamsError(`"path" must be a relative path inside /workspace (got "${path}")`);
  const data = p.data;
  if (typeof data === 'string') {
    if (data.length > LIMITS.fileBytes) throw new BadParamsError('file is too large');
  } else if (data instanceof ArrayBuffer) {
    if (data.byteLength > LIMITS.fileBytes) throw new BadParamsError('file is too large');
  } else throw new BadParamsError('"data" must be a string or an ArrayBuffer');
  return { path: path.replace(/^\/?(workspace\/)?/, ''), data };
}

function settings(p: Obj): HostRequests['configure']['params'] {
  onlyKeys(p, ['model', 'placeholder', 'theme', 'endpointUrl', 'endpointModel']);
  const theme = p.theme;
  if (theme !== undefined && theme !== 'light' && theme !== 'dark' && theme !== 'auto')
    throw new BadParamsError('"theme" must be "light", "dark" or "auto"');
  const out: HostRequests['configure']['params'] = {};
  const model = needStr(p, 'model', 200, true);
  const placeholder = needStr(p, 'placeholder', 500, true);
  if (model !== undefined) out.model = model;
  if (placeholder !== undefined) out.placeholder = placeholder;
  if (theme !== undefined) out.theme = theme;
  const endpointUrl = needStr(p, 'endpointUrl', 500, true);
  const endpointModel = needStr(p, 'endpointModel', 200, true);
  if (endpointUrl !== undefined) out.endpointUrl = endpointUrl;
  if (endpointModel !== undefined) out.endpointModel = endpointModel;
  return out;
}

function endpointParams(p: Obj): HostRequests['setEndpoint']['params'] {
  onlyKeys(p, ['url', 'model', 'apiKey']);
  const url = needStr(p, 'url', 500)!.trim();
  const model = needStr(p, 'model', 200)!.trim();
  if (!url) throw new BadParamsError('"url" is empty');
  if (!model) throw new BadParamsError('"model" is empty');
  const apiKey = needStr(p, 'apiKey', 1000, true);
  return apiKey === undefined ? { url, model } : { url, model, apiKey };
}

/** Check a request's parameters; throws BadParamsError with a message for the host. */
export function parseParams<M extends HostMethod>(
  method: M,
  params: unknown,
): HostRequests[M]['params'] {
  const p = params === undefined ? {} : params;
  if (!isObj(p)) throw new BadParamsError(`${method}: params must be an object`);
  type R = HostRequests[M]['params'];
  switch (method) {
    case 'hello':
    case 'getTranscript':
      onlyKeys(p, []);
      return {} as R;
    case 'writeFile':
      return fileParams(p) as R;
    case 'ask': {
      onlyKeys(p, ['prompt']);
      const prompt = needStr(p, 'prompt', LIMITS.text)!;
      if (!prompt.trim()) throw new BadParamsError('"prompt" is empty');
      return { prompt } as R;
    }
    case 'registerPythonTool': {
      const spec = toolSpec(p, ['source']);
      return { ...spec, source: needStr(p, 'source', LIMITS.text)! } as R;
    }
    case 'registerJsTool':
      return toolSpec(p, []) as R;
    case 'configure':
      return settings(p) as R;
    case 'setEndpoint':
      return endpointParams(p) as R;
  }
  throw new BadParamsError(`unknown method ${String(method)}`);
}
