import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { convertLegacyFunctions } from '@whetstone/tokenizer';
import type { SupervisedExample } from '../data/examples';

const chatMessageSchema = z.looseObject({
  role: z.string().min(1),
  content: z.string().nullable().optional(),
  weight: z.number().min(0).optional(),
  name: z.string().optional(),
  tool_calls: z.array(z.looseObject({ function: z.looseObject({ name: z.string(), arguments: z.union([z.string(), z.record(z.string(), z.unknown())]) }) })).optional(),
  tool_call_id: z.string().optional(),
});

const chatExampleSchema = z.looseObject({
  messages: z.array(chatMessageSchema).min(1),
  tools: z.array(z.record(z.string(), z.unknown())).optional(),
});

const promptCompletionSchema = z.looseObject({ prompt: z.string(), completion: z.string() });

/**
 * Reads a supervised fine-tuning dataset in JSON Lines: one example per line, either OpenAI chat
 * format `{"messages": [...], "tools"?: [...]}` or `{"prompt": "...", "completion": "..."}`. Blank
 * lines are skipped. The first bad line fails the read with its file and line number.
 */
export async function readSupervisedJsonl(file: string): Promise<SupervisedExample[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(code === 'ENOENT' ? `${file}: no such file` : `${file}: cannot read (${(error as Error).message})`);
  }
  return parseSupervisedJsonl(text, file);
}

/** What readSupervisedJsonl does, over text already read; `source` names it in errors. */
export function parseSupervisedJsonl(text: string, source: string): SupervisedExample[] {
  const examples: SupervisedExample[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '') return;
    const where = `${source}:${index + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new Error(`${where}: not valid JSON (${(error as Error).message})`);
    }
    examples.push(parseExample(value, where));
  });
  if (examples.length === 0) throw new Error(`${source}: no examples (the file is empty)`);
  return examples;
}

/** One JSONL line as a supervised example (what parseSupervisedJsonl does per line); `where` names it in errors. */
export function parseSupervisedLine(line: string, where: string): SupervisedExample {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    throw new Error(`${where}: not valid JSON (${(error as Error).message})`);
  }
  return parseExample(value, where);
}

function parseExample(input: unknown, where: string): SupervisedExample {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new Error(`${where}: expected a JSON object`);
  let value = input as Record<string, unknown>;
  const isChat = 'messages' in value;
  // Legacy functions/function_call become tools/tool_calls, as validation saw them.
  if (isChat) {
    const legacy = convertLegacyFunctions(value as Record<string, unknown>);
    if (legacy.problems.length > 0) throw new Error(`${where}: ${legacy.problems[0]!.pointer.slice(1)}: ${legacy.problems[0]!.message}`);
    value = legacy.row;
  }
  if (!isChat && !('prompt' in value || 'completion' in value)) {
    throw new Error(`${where}: expected {"messages": [...]} (chat) or {"prompt": ..., "completion": ...}`);
  }
  const parsed = (isChat ? chatExampleSchema : promptCompletionSchema).safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${where}: ${issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''}${issue.message}`);
  }
  return parsed.data as SupervisedExample;
}
