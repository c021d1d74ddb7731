import { BPE, type Model, type PreTokenizer } from '@huggingface/tokenizers';
import { parsePairKey } from './pair-key';
import type { PieceSink, Segmenter } from './segmenter';

/** SentencePiece's word marker, which Metaspace (or a Replace normalizer) puts where spaces were. */
const MARKER = '\u2581';
const MARKER_CODE = 0x2581;

/**
 * For tokenizers whose pre-tokenizer does not split (SentencePiece-style: Llama 2, Mistral, with
 * Metaspace or a Prepend/Replace normalizer): @huggingface/tokenizers runs BPE over whole
 * sections there. The pre-tokenizer still runs here, through the library (it only rewrites
 * text), and its output is cut before every "▁" that follows another character, i.e. at word
 * starts. Each word is then counted (and cached) alone.
 *
 * That is exact when no merge rule joins a symbol ending in a non-"▁" character to one starting
 * with "▁" (see whyWordsCannotBeSplit): then no merge ever spans such a cut, and BPE's choice
 * (lowest rank first, leftmost among equals) inside one word does not depend on the others.
 */
export class WordBoundarySegmenter implements Segmenter {
  constructor(private readonly preTokenizer: PreTokenizer | null) {}

  segment(text: string, sink: PieceSink, sectionIndex: number): void {
    const words = this.preTokenizer ? this.preTokenizer.pre_tokenize(text, { section_index: sectionIndex }) : [text];
    for (const word of words) {
      let start = 0;
      for (let i = 1; i < word.length; i++) {
        if (word.charCodeAt(i) === MARKER_CODE && word.charCodeAt(i - 1) !== MARKER_CODE) {
          sink.piece(word, start, i);
          start = i;
        }
      }
      if (start < word.length) sink.piece(word, start, word.length);
    }
  }
}

/**
 * Whether the tokenizer's text reaches the model with "▁" word markers and nothing else splits
 * it: pre-tokenizer absent or made of Metaspace/Replace steps, and a marker put in by Metaspace
 * or by the normalizer. Otherwise cutting at markers would find nothing to cut.
 */
export function marksWords(preTokenizer: unknown, normalizer: unknown): boolean {
  const steps = flattenSteps(preTokenizer);
  if (steps === undefined) return false;
  return steps.some((step) => step.type === 'Metaspace') || JSON.stringify(normalizer ?? null).includes(MARKER);
}

/** Why cutting BPE input at word markers could change its tokens, or undefined when it cannot. */
export function whyWordsCannotBeSplit(model: Model): string | undefined {
  if (!(model instanceof BPE)) return `the ${model.constructor.name} model is not BPE`;
  if (model.ignore_merges) return 'ignore_merges looks up whole sections in the vocabulary';
  if (model.end_of_word_suffix || model.continuing_subword_suffix) return 'the BPE model adds subword suffixes';
  for (const key of model.bpe_ranks.keys()) {
    const [left, right] = parsePairKey(key);
    if (!left.endsWith(MARKER) && right.startsWith(MARKER)) return `the merge "${left} ${right}" joins across a word start`;
  }
  return undefined;
}

type Step = { type?: unknown; pretokenizers?: unknown };

/** The steps of a pre-tokenizer that only rewrites text, or undefined when one of them splits. */
function flattenSteps(config: unknown): Step[] | undefined {
  if (config === null || config === undefined) return [];
  const step = config as Step;
  if (step.type === 'Sequence') {
    const inner = Array.isArray(step.pretokenizers) ? step.pretokenizers : [];
    const flat = inner.map(flattenSteps);
    return flat.every((steps) => steps !== undefined) ? flat.flat() as Step[] : undefined;
  }
  return step.type === 'Metaspace' || step.type === 'Replace' ? [step] : undefined;
}
