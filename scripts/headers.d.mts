export declare const PYODIDE_VERSION: string;
export declare const PYODIDE_CDN: string;
export declare const ISOLATION_HEADERS: Readonly<Record<string, string>>;
export declare const PREBOOT_SCRIPT_HASH: string;
export declare const DOCUMENT_CSP: string;
export declare const PYTHON_WORKER_CSP: string;
export declare const PYTHON_NETWORK_WORKER_CSP: string;
export declare function isPythonWorkerScript(pathname: string): boolean;
export declare function isLockedPythonWorkerScript(pathname: string): boolean;
export declare function securityHeaders(
  pathname: string,
  kind: 'document' | 'worker' | 'other',
): Record<string, string>;
