import type { Plugin } from 'vite';
export declare function scriptHashSource(text: string): string;
export declare function prebootScriptText(source?: string): Promise<string>;
export declare function withPrebootScript(html: string, text: string, workerFile: string): string;
export declare function prebootPlugin(): Plugin;
