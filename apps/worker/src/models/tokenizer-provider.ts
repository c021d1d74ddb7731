import type { Db } from '@whetstone/db';
import { findPublicBaseModel, findUsableBaseModel, modelFileEntries, tokenizerTokenCounter } from '@whetstone/services';
import type { TokenCounter } from '@whetstone/datasets';
import { loadTokenizer } from '@whetstone/tokenizer';
import type { ModelCache } from './model-cache';

const TOKENIZER_FILES = ['tokenizer.json', 'tokenizer_config.json', 'chat_template.jinja', 'special_tokens_map.json'];

export interface CountingSetup {
  counter: TokenCounter;
  contextLength: number;
  model: string;
}

/** Token counters per base model, loaded once per process from the model's tokenizer files. */
export class TokenizerProvider {
  private readonly loaded = new Map<string, Promise<CountingSetup>>();

  constructor(
    private readonly db: Db,
    private readonly cache: ModelCache,
    private readonly defaultModel: string,
  ) {}

  /** The named model's (or the default model's) counter; null when no such model is catalogued. */
  async forModel(orgId: string, name: string | undefined): Promise<CountingSetup | null> {
    const model = name ? await findUsableBaseModel(this.db, orgId, name) : await findPublicBaseModel(this.db, this.defaultModel);
    if (!model) return null;
    let setup = this.loaded.get(model.id);
    if (!setup) {
      setup = (async () => {
        const cached = await this.cache.acquire({ name: model.name, storagePrefix: model.storagePrefix, files: modelFileEntries(model.files) }, TOKENIZER_FILES);
        try {
          // Loaded into memory once; the folder is not needed afterwards.
          return { counter: tokenizerTokenCounter(await loadTokenizer(cached.dir), model.name), contextLength: model.contextLength, model: model.name };
        } finally {
          cached.release();
        }
      })();
      setup.catch(() => this.loaded.delete(model.id));
      this.loaded.set(model.id, setup);
    }
    return setup;
  }
}
