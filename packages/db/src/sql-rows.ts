import pg from 'pg';

/**
 * Type parsers for the hot read paths that query the pg pool directly: int8 columns become
 * BigInt (as Prisma returns them); everything else as pg parses it (timestamptz → Date, json → value).
 */
export const prismaLikeTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8 ? (value: string) => BigInt(value) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** A named (prepared once per connection) statement with Prisma-like row types. */
export function statement(name: string, text: string, values: unknown[]): pg.QueryConfig {
  return { name, text, values, types: prismaLikeTypes };
}

/** Timestamps inside json_agg/row_to_json arrive as ISO strings. */
export const dateOrNull = (value: string | null | undefined): Date | null => (value ? new Date(value) : null);
