/** Where and how graphs run. Parsed once from the job's configuration and passed down. */
export type ExecutionProviderName = 'cpu' | 'cuda' | 'webgpu';

export interface RuntimeConfig {
  executionProvider: ExecutionProviderName;
  /** GPU ordinal for cuda. */
  deviceId: number;
  /** Threads inside one op (0 lets ONNX Runtime pick: one per core). */
  intraOpNumThreads: number;
  /** Threads running independent ops in parallel (only used with executionMode 'parallel'). */
  interOpNumThreads: number;
  graphOptimizationLevel: 'disabled' | 'basic' | 'extended' | 'all';
  /** 0 verbose .. 4 fatal. */
  logSeverityLevel: 0 | 1 | 2 | 3 | 4;
}

export const DEFAULT_RUNTIME_CONFIG: RuntimeConfig = {
  executionProvider: 'cpu',
  deviceId: 0,
  intraOpNumThreads: 0,
  interOpNumThreads: 0,
  graphOptimizationLevel: 'all',
  logSeverityLevel: 3,
};

const PROVIDERS: readonly ExecutionProviderName[] = ['cpu', 'cuda', 'webgpu'];

/** Fills defaults and rejects unknown providers or bad thread counts. */
export function resolveRuntimeConfig(partial: Partial<RuntimeConfig> = {}): RuntimeConfig {
  const config = { ...DEFAULT_RUNTIME_CONFIG, ...stripUndefined(partial) };
  if (!PROVIDERS.includes(config.executionProvider)) {
    throw new Error(`unknown execution provider '${config.executionProvider}' (expected one of ${PROVIDERS.join(', ')})`);
  }
  for (const key of ['intraOpNumThreads', 'interOpNumThreads', 'deviceId'] as const) {
    const v = config[key];
    if (!Number.isInteger(v) || v < 0) throw new Error(`${key} must be a non-negative integer, got ${v}`);
  }
  return config;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
