// FAKE Python for the app state: the fake runner (no Python runs) plus an in-memory /workspace.
import type { RuntimeStatus } from '../../src/runtime/types';
import type { PythonPort } from '../../src/ui/state/ports';
import { FakeRunner } from './fake-runtime';

export class FakePython extends FakeRunner implements PythonPort {
  status: RuntimeStatus = 'idle';
  files = new Map<string, Uint8Array>();
  async start() {
    return { version: 'fake', pythonVersion: '3.14.0' };
  }
  async restart() {}
  onStatus() {}
  setAllowNetwork() {}
  async listFiles() {
    return [...this.files].map(([path, data]) => ({ path, size: data.length }));
  }
  async readFile(path: string) {
    return this.files.get(path)!;
  }
  async writeFile(path: string, data: Uint8Array) {
    this.files.set(path, data);
  }
  async deleteFile(path: string) {
    this.files.delete(path);
  }
}
