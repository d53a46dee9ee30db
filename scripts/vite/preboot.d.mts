import type { Plugin } from 'vite';
export declare function withPrebootScript(html: string, file: string): string;
export declare function prebootPlugin(): Plugin;
