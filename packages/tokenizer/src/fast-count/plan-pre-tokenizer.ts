import {
  BertPreTokenizer,
  ByteLevelPreTokenizer,
  DigitsPreTokenizer,
  PunctuationPreTokenizer,
  SplitPreTokenizer,
} from '@huggingface/tokenizers';
import { scannerFor } from './known-patterns';
import { RegexSegmenter } from './regex-segmenter';
import { PrefixSpaceSegmenter, StringSplitSegmenter, TrimmingSegmenter, type Segmenter } from './segmenter';

/** One pre-tokenizer of tokenizer.json, as parsed JSON. */
export type PreTokenizerConfig = Record<string, unknown> & { type?: unknown };

export type PreTokenizerPlan =
  | {
      supported: true;
      /** Cuts raw text as the first pre-tokenizer step does. */
      segmenter: Segmenter;
      /** What the tokenizer does to each of those pieces before the model (library pre-tokenizers). */
      rest: PreTokenizerConfig[];
      /** The first step, for the counter's description. */
      split: string;
    }
  | { supported: false; reason: string };

/**
 * Reads a tokenizer.json `pre_tokenizer` and splits it into a first step that cuts raw text into
 * pieces (done fast, by a Segmenter) and the rest, which the library applies to each piece on a
 * cache miss. That is exact because @huggingface/tokenizers runs a Sequence step by step, each
 * on every piece of the previous one, and the model on each piece separately: so what comes of a
 * piece depends on the piece alone. The one exception, Metaspace's prepend_scheme "first", which
 * looks at the section index, is refused, as are first steps that do not split (nothing repeats).
 *
 * The segmenters mirror the library's own code for each type (regexes taken from its instances
 * where it exposes them), not the Rust tokenizers': counts must equal this library's encode.
 */
export function planPreTokenizer(config: unknown): PreTokenizerPlan {
  if (config === null || config === undefined) {
    return { supported: false, reason: 'no pre_tokenizer: the model sees whole sections, so no piece repeats' };
  }
  const steps = flatten(config as PreTokenizerConfig);
  const [first, ...rest] = steps;
  if (!first) return { supported: false, reason: 'the pre_tokenizer Sequence is empty: the model sees whole sections' };
  const sectionDependent = rest.some((step) => step.type === 'Metaspace' && (step.prepend_scheme ?? 'always') === 'first');
  if (sectionDependent) {
    return { supported: false, reason: 'a Metaspace with prepend_scheme "first" after the split makes a piece depend on its section' };
  }
  const head = firstStep(first);
  if ('reason' in head) return { supported: false, reason: head.reason };
  return { supported: true, segmenter: head.segmenter, rest: [...head.restBefore, ...rest], split: head.split };
}

/** A Sequence runs its steps in order on every piece, so nested Sequences are one flat list. */
function flatten(config: PreTokenizerConfig): PreTokenizerConfig[] {
  if (config.type !== 'Sequence') return [config];
  const inner = Array.isArray(config.pretokenizers) ? (config.pretokenizers as PreTokenizerConfig[]) : [];
  return inner.filter((step) => step !== null && step !== undefined).flatMap(flatten);
}

type Head = { segmenter: Segmenter; restBefore: PreTokenizerConfig[]; split: string } | { reason: string };

function firstStep(step: PreTokenizerConfig): Head {
  const plain = (segmenter: Segmenter, split: string): Head => ({ segmenter, restBefore: [], split });
  switch (step.type) {
    case 'Split':
      return splitStep(step);
    case 'ByteLevel': {
      const byteLevel = new ByteLevelPreTokenizer(step as never);
      if (!byteLevel.use_regex) return { reason: 'the first pre-tokenizer step is ByteLevel without use_regex, which keeps text whole' };
      const scanner = scannerFor(byteLevel.pattern);
      const matches = new RegexSegmenter(byteLevel.pattern, false, scanner);
      return {
        segmenter: byteLevel.add_prefix_space ? new PrefixSpaceSegmenter(matches) : matches,
        // The library maps each regex match to byte-level symbols; the same step without its regex does just that.
        restBefore: [{ type: 'ByteLevel', add_prefix_space: false, trim_offsets: byteLevel.trim_offsets, use_regex: false }],
        split: `ByteLevel regex${scanner ? ' (ASCII scanner)' : ''}${byteLevel.add_prefix_space ? ' with prefix space' : ''}`,
      };
    }
    // Whitespace and WhitespaceSplit keep their regexes inside a method: these are copies of them.
    case 'Whitespace':
      return plain(new RegexSegmenter(/\w+|[^\w\s]+/g, false), 'Whitespace');
    case 'WhitespaceSplit':
      return plain(new RegexSegmenter(/\S+/g, false), 'WhitespaceSplit');
    case 'Digits':
      return plain(new RegexSegmenter(new DigitsPreTokenizer(step as never).pattern, false), 'Digits');
    case 'Punctuation':
      return plain(new RegexSegmenter(new PunctuationPreTokenizer(step as never).pattern, false), 'Punctuation');
    case 'BertPreTokenizer':
      return plain(new TrimmingSegmenter(new RegexSegmenter(new BertPreTokenizer().pattern, false)), 'BertPreTokenizer');
    default:
      return { reason: `the first pre-tokenizer step is ${String(step.type)}, which does not split text` };
  }
}

function splitStep(step: PreTokenizerConfig): Head {
  const pattern = new SplitPreTokenizer(step as never).pattern;
  if (!pattern) return { reason: 'the Split pattern is neither Regex nor String' };
  // The library's three branches, in its order.
  if (step.invert) return { segmenter: new RegexSegmenter(pattern, false, scannerFor(pattern)), restBefore: [], split: 'Split (invert)' };
  if (typeof step.behavior === 'string' && step.behavior.toLowerCase() === 'removed') {
    return { segmenter: new StringSplitSegmenter(pattern), restBefore: [], split: 'Split (removed)' };
  }
  const scanner = scannerFor(pattern);
  return { segmenter: new RegexSegmenter(pattern, true, scanner), restBefore: [], split: `Split${scanner ? ' (ASCII scanner)' : ''}` };
}
