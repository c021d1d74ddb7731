/** Character range [start, end) of one assistant turn in the rendered conversation. */
export interface TurnRange {
  start: number;
  end: number;
}

export interface TurnRenders {
  /** The whole conversation as rendered for training. */
  text: string;
  /** messages[0..k) with the generation prompt: what the model sees before it writes turn k. */
  promptText: string;
  /** messages[0..k]: the conversation through turn k. */
  throughText: string;
  /** Where to start looking in `text` (the end of the previous assistant turn). */
  searchFrom: number;
  /** Texts of the tokenizer's special tokens, longest first; one of them ends a turn. */
  specialTokens: readonly string[];
}

/**
 * Finds assistant turn k in the full rendering from the renderings of the conversation's prefixes,
 * so that the span is what the model must generate after the generation prompt (content and
 * end-of-turn) whatever the template's layout, without `{% generation %}` markers:
 *
 * 1. Usually both prefix renderings are prefixes of the full text: the turn runs from the end of
 *    the prompt to the end of the through-rendering.
 * 2. Some templates write a turn differently once it is no longer the last one (Qwen3 puts an empty
 *    `<think>` block only on turns after the last user query). The prompt still matches: the turn
 *    runs from there through the first special token (its end-of-turn).
 * 3. Some templates move text as the conversation grows (Mistral's system prompt goes into the last
 *    user message). The through-rendering still extends the prompt by the turn's own text: that
 *    text is found verbatim in the full rendering after the previous turn.
 *
 * In every case, template glue after the end-of-turn token (ChatML's "\n" after `<|im_end|>`) is
 * left out: generation stops at that token. Undefined when none of these applies.
 */
export function locateAssistantTurn(r: TurnRenders): TurnRange | undefined {
  const { text, promptText, throughText } = r;
  const promptMatches = text.startsWith(promptText);
  if (promptMatches && text.startsWith(throughText) && throughText.length >= promptText.length) {
    return { start: promptText.length, end: promptText.length + withoutTrailingGlue(throughText.slice(promptText.length), r.specialTokens).length };
  }
  if (promptMatches) {
    const end = endOfFirstSpecialToken(text, promptText.length, r.specialTokens);
    return end === undefined ? undefined : { start: promptText.length, end };
  }
  if (!throughText.startsWith(promptText)) return undefined;
  const turn = withoutTrailingGlue(throughText.slice(promptText.length), r.specialTokens);
  if (turn.trim().length === 0) return undefined;
  const at = text.indexOf(turn, r.searchFrom);
  return at < 0 ? undefined : { start: at, end: at + turn.length };
}

/** The turn's text less whitespace that follows its last special token. */
function withoutTrailingGlue(turn: string, specialTokens: readonly string[]): string {
  const trimmed = turn.trimEnd();
  return trimmed.length < turn.length && specialTokens.some((token) => trimmed.endsWith(token)) ? trimmed : turn;
}

function endOfFirstSpecialToken(text: string, from: number, specialTokens: readonly string[]): number | undefined {
  let first: { at: number; end: number } | undefined;
  for (const token of specialTokens) {
    const at = text.indexOf(token, from);
    // Longest tokens come first, so on a tie the longer one is kept.
    if (at >= 0 && (first === undefined || at < first.at)) first = { at, end: at + token.length };
  }
  return first?.end;
}
