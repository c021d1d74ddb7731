import type { Example } from '../formats/example';
import type { Statistics } from '../report/report-schema';
import { LineSample } from '../validation/line-sample';
import { DEFAULT_EPOCHS, estimateCost, type PriceTable } from './cost';
import { exampleCharacters, exampleMessageCount, preferenceOutputCharacters } from './example-measures';
import { LengthDistribution } from './length-distribution';
import type { TokenCount, TokenCounter } from './token-counter';

export interface StatisticsOptions {
  tokenCounter?: TokenCounter;
  /** Model context in tokens, for exceeds_context (needs tokenCounter). */
  contextLength?: number;
  epochs?: number;
  prices?: PriceTable;
  /** Limit the cost estimate to this model of the price table. */
  model?: string;
}

/** Accumulates the statistics of valid examples, one at a time. */
export class StatisticsCollector {
  readonly lengths = new LengthDistribution();
  readonly exceedsContext = new LineSample();
  /** Preference formats: output lengths in characters, for the length-bias warning. */
  readonly preference = { examples: 0, chosenCharacters: 0, rejectedCharacters: 0, chosenLonger: 0, rejectedLonger: 0 };
  /** Billed unit (TokenCount.processed) and loss-bearing tokens, per epoch. */
  private processedTokens = 0;
  private lossTokens = 0;
  private readonly messages = { examples: 0, min: Number.POSITIVE_INFINITY, max: 0, sum: 0 };

  constructor(private readonly options: StatisticsOptions = {}) {}

  get lengthUnit(): Statistics['length_unit'] {
    return this.options.tokenCounter ? 'tokens' : 'characters';
  }

  /** Where exceeds_context is meaningful: tokens are counted and a context length is known. */
  get checksContext(): boolean {
    return this.options.tokenCounter !== undefined && this.options.contextLength !== undefined;
  }

  /** Records one valid example; returns its token count when a counter is set. */
  add(example: Example, line: number): TokenCount | undefined {
    const counter = this.options.tokenCounter;
    let tokens: TokenCount | undefined;
    if (counter) {
      tokens = checkedCount(counter.countExample(example));
      this.lengths.add(tokens.total);
      this.processedTokens += tokens.processed ?? tokens.total;
      this.lossTokens += tokens.trained;
      const contextLength = this.options.contextLength;
      if (contextLength !== undefined && tokens.total > contextLength) this.exceedsContext.add(line);
    } else {
      this.lengths.add(exampleCharacters(example));
    }

    const count = exampleMessageCount(example);
    if (count !== undefined) {
      const m = this.messages;
      m.examples += 1;
      m.sum += count;
      if (count < m.min) m.min = count;
      if (count > m.max) m.max = count;
    }
    const outputs = preferenceOutputCharacters(example);
    if (outputs) {
      const p = this.preference;
      p.examples += 1;
      p.chosenCharacters += outputs.chosen;
      p.rejectedCharacters += outputs.rejected;
      if (outputs.chosen > outputs.rejected) p.chosenLonger += 1;
      else if (outputs.rejected > outputs.chosen) p.rejectedLonger += 1;
    }
    return tokens;
  }

  toStatistics(): Statistics {
    const counted = this.options.tokenCounter !== undefined;
    const epochs = this.options.epochs ?? DEFAULT_EPOCHS;
    const contextLength = this.options.contextLength ?? null;
    const estimatedTrained = counted ? this.processedTokens * epochs : null;
    const prices = this.options.prices;
    const m = this.messages;
    return {
      length_unit: this.lengthUnit,
      length: this.lengths.summary(),
      histogram: this.lengths.histogram(),
      messages_per_example: m.examples === 0 ? null : { min: m.min, max: m.max, mean: m.sum / m.examples },
      trained_tokens_per_epoch: counted ? this.processedTokens : null,
      loss_tokens_per_epoch: counted ? this.lossTokens : null,
      epochs,
      estimated_trained_tokens: estimatedTrained,
      estimated_cost: estimatedTrained !== null && prices ? estimateCost(estimatedTrained, prices, this.options.model) : null,
      examples_exceeding_context: this.checksContext ? this.exceedsContext.count : null,
      context_length: contextLength,
    };
  }
}

/** A counter is caller code; a NaN or negative count would silently poison every statistic. */
function checkedCount(count: TokenCount): TokenCount {
  const processed = count.processed ?? count.total;
  if (!isCount(count.total) || !isCount(count.trained) || !isCount(processed) || count.trained > processed || count.total > processed) {
    throw new TypeError(`token counter returned an invalid count: total=${count.total}, trained=${count.trained}, processed=${processed}`);
  }
  return count;
}

function isCount(n: number): boolean {
  return Number.isInteger(n) && n >= 0;
}
