import type { FastTokenCounter } from './fast-count/fast-token-counter';
import type { LoadedTokenizer } from './loaded-tokenizer';

/** `tokenizer.createFastTokenCounter()`, as a function. */
export function createFastTokenCounter(tokenizer: LoadedTokenizer): FastTokenCounter {
  return tokenizer.createFastTokenCounter();
}
