// The conversation list and persistence. Works without IndexedDB too (private windows,
// blocked storage): then nothing is saved and the user is told so once.
import type { ConversationStore, ConversationSummary } from '../../storage/conversations';
import { ConversationState } from './conversation.svelte';
import { message } from './files.svelte';
import { newId } from './ids';

export class ChatsState {
  list = $state<ConversationSummary[]>([]);
  query = $state('');
  /** Last storage problem, shown in the UI; cleared on the next successful save. */
  error = $state('');

  constructor(private readonly store: () => ConversationStore | undefined) {}

  async refresh(): Promise<void> {
    const store = this.store();
    if (!store) return;
    this.list = this.query ? await store.search(this.query) : await store.list();
  }

  #saving = new Map<string, Promise<void>>();
  #dirty = new Set<string>();

  /**
   * Save a conversation, coalesced: saves asked for while one is in flight become one more save
   * of the latest state, each in a task of its own. A cell that printed a megabyte makes every
   * save expensive (snapshot, clone, list refresh), and the agent asks for one per event.
   */
  save(conv: ConversationState): Promise<void> {
    const inFlight = this.#saving.get(conv.id);
    if (inFlight) {
      this.#dirty.add(conv.id);
      return inFlight;
    }
    const run = (async () => {
      do {
        await new Promise((r) => setTimeout(r, 0));
        this.#dirty.delete(conv.id);
        await this.#saveNow(conv);
      } while (this.#dirty.has(conv.id));
    })().finally(() => this.#saving.delete(conv.id));
    this.#saving.set(conv.id, run);
    return run;
  }

  async #saveNow(conv: ConversationState): Promise<void> {
    const store = this.store();
    if (!store) return;
    try {
      await store.save(conv.toRecord());
      this.error = '';
      await this.refresh();
    } catch (e) {
      this.error = message(e);
    }
  }

  async open(id: string): Promise<ConversationState | undefined> {
    const rec = await this.store()?.get(id);
    return rec ? ConversationState.fromRecord(rec) : undefined;
  }

  async rename(id: string, title: string): Promise<void> {
    const clean = title.trim();
    if (!clean) return;
    await this.store()?.rename(id, clean.slice(0, 120));
    await this.refresh();
  }

  async remove(id: string): Promise<void> {
    await this.store()?.delete(id);
    await this.refresh();
  }

  /** Import a JSON export as a new conversation; throws ImportError on bad input. */
  async importJson(text: string): Promise<ConversationState> {
    // The export reader loads when a file is imported, not with the first screen.
    const { fromJsonExport } = await import('../../storage/export/json');
    const conv = ConversationState.fromRecord(fromJsonExport(text, newId('conv')));
    await this.save(conv);
    return conv;
  }
}
