// The real browser behind ProbeEnv: fetch, ReportingObserver (COEP reports) and the
// Permissions API (Chrome's local-network-access, which newer versions split in two).
import type { AddressSpace } from './base-url';
import type { PermissionAnswer, ProbeEnv } from './explain-failure';

interface ReportLike {
  type: string;
  body?: { toJSON?: () => unknown } | null;
}
type ReportingObserverCtor = new (
  cb: (reports: ReportLike[]) => void,
  opts?: { buffered?: boolean },
) => { observe(): void; disconnect(): void };

/** The URL a COEP report names (Chrome's report body exposes its fields through toJSON only). */
function blockedUrlOf(report: ReportLike): string | undefined {
  if (report.type !== 'coep') return undefined;
  const body = (report.body?.toJSON?.() ?? report.body) as { blockedURL?: unknown } | null;
  return typeof body?.blockedURL === 'string' ? body.blockedURL : undefined;
}

function watchCoepBlock(url: string) {
  const Observer = (globalThis as { ReportingObserver?: ReportingObserverCtor }).ReportingObserver;
  let seen = false;
  let wake: (() => void) | undefined;
  const observer = Observer
    ? new Observer((reports) => {
        if (reports.some((r) => blockedUrlOf(r) === url)) {
          seen = true;
          wake?.();
        }
      })
    : undefined;
  observer?.observe();
  return {
    blocked(ms: number): Promise<boolean> {
      if (seen || !observer) return Promise.resolve(seen);
      return new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(seen), ms);
        wake = () => {
          clearTimeout(timer);
          resolve(true);
        };
      });
    },
    stop: () => observer?.disconnect(),
  };
}

const PERMISSION_NAMES: Record<Exclude<AddressSpace, 'public'>, string[]> = {
  loopback: ['loopback-network', 'local-network-access'],
  local: ['local-network', 'local-network-access'],
};

async function localNetworkPermission(target: AddressSpace): Promise<PermissionAnswer> {
  if (target === 'public' || !navigator.permissions) return 'unknown';
  let answer: PermissionAnswer = 'unknown';
  for (const name of PERMISSION_NAMES[target]) {
    try {
      const state = (await navigator.permissions.query({ name } as unknown as PermissionDescriptor))
        .state;
      if (state === 'denied') return 'denied';
      answer = state;
    } catch {
      // This browser does not know the permission name.
    }
  }
  return answer;
}

export function browserProbeEnv(): ProbeEnv {
  return {
    pageUrl: location.href,
    fetch: (input, init) => fetch(input, init),
    watchCoepBlock,
    localNetworkPermission,
    localNetworkAccess: typeof Request !== 'undefined' && 'targetAddressSpace' in Request.prototype,
    secureContext: globalThis.isSecureContext,
  };
}
