import { z } from 'zod';

// Stable codes: clients match on these, so they are only ever added, never renamed.

export const VALIDATION_ERROR_CODES = [
  // Bytes and lines
  'empty_file',
  'invalid_utf8',
  'line_too_long',
  'invalid_json',
  'too_deep',
  'not_an_object',
  // Format detection
  'unknown_format',
  'mixed_formats',
  // Field shapes shared by every format
  'wrong_type',
  'missing_field',
  'lone_surrogate',
  // Chat messages
  'missing_messages',
  'empty_messages',
  'missing_role',
  'invalid_role',
  'missing_content',
  'invalid_content_type',
  'unsupported_content_part',
  'invalid_weight',
  'invalid_tool_calls',
  'tools_not_supported',
  'no_assistant_message',
  'no_trained_messages',
  // Preference pairs
  'preference_output_not_assistant',
  'invalid_preference_output_length',
  'identical_preference_outputs',
  // Whole file
  'insufficient_examples',
] as const;

export const ValidationErrorCodeSchema = z.enum(VALIDATION_ERROR_CODES);
export type ValidationErrorCode = z.infer<typeof ValidationErrorCodeSchema>;

export const VALIDATION_WARNING_CODES = [
  'too_few_examples',
  'duplicate_examples',
  'exceeds_context',
  'empty_system_prompt',
  'empty_content',
  'last_message_not_assistant',
  'unknown_fields',
  'unbalanced_lengths',
  'preference_length_bias',
] as const;

export const ValidationWarningCodeSchema = z.enum(VALIDATION_WARNING_CODES);
export type ValidationWarningCode = z.infer<typeof ValidationWarningCodeSchema>;
