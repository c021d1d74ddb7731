import type { CostEstimate } from '../report/report-schema';

/** USD per one million trained tokens, by model id. Operators configure it. */
export type PriceTable = Readonly<Record<string, number>>;

/**
 * Epochs assumed for the report's estimate when the caller gives none: a file is
 * validated at upload, before any job (and its n_epochs) exists; 3 is what
 * "auto" usually resolves to for mid-sized datasets.
 */
export const DEFAULT_EPOCHS = 3;

/** Cost of training `trainedTokens` (already multiplied by epochs), per model in the table. */
export function estimateCost(trainedTokens: number, prices: PriceTable, model?: string): CostEstimate[] {
  const models = model === undefined ? Object.keys(prices).sort() : Object.hasOwn(prices, model) ? [model] : [];
  return models.map((name) => {
    const usdPerMillion = prices[name]!;
    return { model: name, usd_per_million_trained_tokens: usdPerMillion, usd: (trainedTokens / 1_000_000) * usdPerMillion };
  });
}
