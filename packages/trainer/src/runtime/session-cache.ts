import type { RuntimeConfig } from './runtime-config';
import { GraphSession } from './graph-session';

/**
 * Sessions keyed by what the graph is (e.g. `train:lora` or `generate`), created on first use and reused
 * for every later step: the graphs have symbolic batch and sequence dims, so one session serves all shapes.
 */
export class SessionCache {
  private readonly sessions = new Map<string, Promise<GraphSession>>();

  constructor(private readonly config: Partial<RuntimeConfig> = {}) {}

  get(key: string, model: () => Uint8Array | string): Promise<GraphSession> {
    let session = this.sessions.get(key);
    if (!session) {
      session = GraphSession.create(model(), this.config);
      session.catch(() => this.sessions.delete(key));
      this.sessions.set(key, session);
    }
    return session;
  }

  has(key: string): boolean {
    return this.sessions.has(key);
  }

  async releaseAll(): Promise<void> {
    const all = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.all(all.map(async (s) => (await s).release()));
  }
}
