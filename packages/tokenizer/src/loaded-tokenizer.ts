import { BPE, Tokenizer } from '@huggingface/tokenizers';
import { ChatTemplate, selectChatTemplateSource } from './chat-template';
import { buildFastTokenCounter, type FastTokenCounter } from './fast-count/fast-token-counter';
import { mergeAddedTokens, specialTokenContent, type AddedTokenEntry, type SpecialToken, type SpecialTokens } from './special-tokens';

/** The two JSON files that define a Hugging Face tokenizer (plus an optional separate chat template). */
export interface TokenizerFiles {
  tokenizerJson: Record<string, unknown>;
  tokenizerConfig: Record<string, unknown>;
  /** Contents of `chat_template.jinja`, which newer transformers versions write instead of the config field. */
  chatTemplateJinja?: string;
}

export interface EncodeOptions {
  /** Let the tokenizer's post-processor add its special tokens (e.g. BOS). Default true, as in Hugging Face. */
  addSpecialTokens?: boolean;
}

export interface DecodeOptions {
  skipSpecialTokens?: boolean;
  /** Override tokenizer_config's `clean_up_tokenization_spaces` (which rewrites " ," to "," and the like). */
  cleanUpTokenizationSpaces?: boolean;
}

/**
 * A Hugging Face tokenizer loaded from tokenizer.json + tokenizer_config.json: encode/decode, the
 * special tokens the config names, and its chat template(s). Wraps @huggingface/tokenizers.
 */
export class LoadedTokenizer {
  readonly specialTokens: SpecialTokens;
  /** Number of ids the embedding matrix must cover: highest id in the vocabulary or added tokens, plus one. */
  readonly vocabSize: number;
  /**
   * The config and chat template it was loaded from. tokenizer.json itself is not kept: the
   * library holds what it needs in its own structures, and the JSON's vocabulary and merges
   * would double the memory (~50 MB for Llama 3).
   */
  readonly files: Pick<TokenizerFiles, 'tokenizerConfig' | 'chatTemplateJinja'>;
  /** Text of every added token marked `special` (end-of-turn markers and the like), longest first. */
  readonly specialTokenTexts: readonly string[];
  private readonly hf: Tokenizer;
  /** tokenizer.json's normalizer and pre_tokenizer sections, which the fast counter plans from. */
  private readonly textConfig: { normalizer: unknown; preTokenizer: unknown };
  private readonly templates = new Map<string, ChatTemplate>();

  constructor(files: TokenizerFiles) {
    const json = files.tokenizerJson;
    this.files = { tokenizerConfig: files.tokenizerConfig, chatTemplateJinja: files.chatTemplateJinja };
    this.textConfig = { normalizer: json.normalizer, preTokenizer: json.pre_tokenizer };
    const addedTokens = mergeAddedTokens((json.added_tokens as AddedTokenEntry[] | undefined) ?? [], files.tokenizerConfig.added_tokens_decoder);
    this.specialTokenTexts = addedTokens
      .filter((t) => t.special && t.content.length > 0)
      .map((t) => t.content)
      .sort((a, b) => b.length - a.length);
    // The library keeps the model section it is given; a copy of our own can be emptied below
    // without touching the caller's object.
    const model = { ...(json.model as Record<string, unknown>) };
    try {
      this.hf = new Tokenizer({ ...json, model, added_tokens: addedTokens }, files.tokenizerConfig);
    } catch (error) {
      throw new Error(`tokenizer.json could not be loaded: ${(error as Error).message}`);
    }
    releaseConstructionData(this.hf, model);
    let maxId = -1;
    for (const id of this.hf.get_vocab(true).values()) maxId = Math.max(maxId, id);
    this.vocabSize = maxId + 1;
    this.specialTokens = {
      bos: this.resolveSpecial('bos_token'),
      eos: this.resolveSpecial('eos_token'),
      pad: this.resolveSpecial('pad_token'),
      unk: this.resolveSpecial('unk_token'),
    };
  }

  get bosTokenId(): number | undefined {
    return this.specialTokens.bos?.id;
  }
  get eosTokenId(): number | undefined {
    return this.specialTokens.eos?.id;
  }
  get padTokenId(): number | undefined {
    return this.specialTokens.pad?.id;
  }

  /**
   * A counter of `encode(text, { addSpecialTokens: false }).length`, same numbers, that caches
   * counts per pre-token piece: tens of times faster on real text. Each call makes a new counter
   * with its own cache (~10 MB at most) and tables (~10 MB for Llama 3), so keep the one you use.
   * Its `mode` says whether this tokenizer's setup allows the cache; where not, it encodes whole
   * texts.
   */
  createFastTokenCounter(): FastTokenCounter {
    return buildFastTokenCounter({ tokenizer: this.hf, ...this.textConfig, tokenizerConfig: this.files.tokenizerConfig });
  }

  encode(text: string, options: EncodeOptions = {}): number[] {
    return this.hf.encode(text, { add_special_tokens: options.addSpecialTokens ?? true }).ids;
  }

  decode(ids: readonly number[], options: DecodeOptions = {}): string {
    if (ids.length === 0) return ''; // the library rejects empty input
    return this.hf.decode([...ids], {
      skip_special_tokens: options.skipSpecialTokens ?? false,
      clean_up_tokenization_spaces: options.cleanUpTokenizationSpaces ?? null,
    });
  }

  tokenToId(token: string): number | undefined {
    return this.hf.token_to_id(token);
  }

  idToToken(id: number): string | undefined {
    return this.hf.id_to_token(id);
  }

  /** The chat template (by name when the config holds several), or undefined when the tokenizer has none. */
  chatTemplate(options: { name?: string; withTools?: boolean } = {}): ChatTemplate | undefined {
    const source = this.files.chatTemplateJinja ?? selectChatTemplateSource(this.files.tokenizerConfig.chat_template, options);
    if (source === undefined) return undefined;
    let template = this.templates.get(source);
    if (!template) {
      template = new ChatTemplate(source);
      this.templates.set(source, template);
    }
    return template;
  }

  /** Special-token strings as chat templates expect them (`bos_token`, `eos_token`, ...). */
  templateSpecialTokens(): Record<string, string | undefined> {
    const config = this.files.tokenizerConfig;
    const names = ['bos_token', 'eos_token', 'pad_token', 'unk_token'] as const;
    return Object.fromEntries(names.map((name) => [name, specialTokenContent(config[name])]));
  }

  private resolveSpecial(configKey: string): SpecialToken | undefined {
    const content = specialTokenContent(this.files.tokenizerConfig[configKey]);
    if (content === undefined) return undefined;
    const id = this.hf.token_to_id(content);
    if (id === undefined) {
      throw new Error(`tokenizer_config.json ${configKey} "${content}" is not in the tokenizer's vocabulary`);
    }
    return { content, id };
  }
}

/**
 * Drops what @huggingface/tokenizers reads only while constructing: the raw vocabulary object
 * and merge strings it keeps as the model's config, and a BPE's merge pairs, once turned into
 * its rank map. About half of a loaded Llama 3's heap. Encoding uses the derived maps only.
 */
function releaseConstructionData(tokenizer: Tokenizer, modelSection: Record<string, unknown>): void {
  delete modelSection.vocab;
  delete modelSection.merges;
  if (tokenizer.model instanceof BPE) tokenizer.model.merges = [];
}
