import { existsSync } from 'node:fs';
import { z } from 'zod';

const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const commaList = z
  .string()
  .default('')
  .transform((value) =>
    value
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== ''),
  );

/** "6/60": 6 questions per 60 seconds (a token bucket of 6, refilled over 60 s); "0" or "off": no limit. */
const rate = z
  .string()
  .trim()
  .transform((text, context) => {
    const lower = text.toLowerCase();
    if (lower === '0' || lower === 'off') return null;
    if (lower === '') return undefined;
    const match = /^(\d+)\s*\/\s*(\d+)\s*s?$/u.exec(lower);
    if (!match || Number(match[1]) < 1 || Number(match[2]) < 1) {
      context.addIssue({ code: 'custom', message: 'expected "questions/seconds" such as "6/60", or "off"' });
      return z.NEVER;
    }
    return { capacity: Number(match[1]), periodMs: Number(match[2]) * 1000 };
  });

/** Every environment variable citebot reads. `.env.example` documents each one. */
export const configSchema = z.object({
  CORPUS_DIR: z.string().default('./corpus'),
  /** Where builds and shared state live: files in INDEX_DIR and DATA_DIR (one process), or PostgreSQL (any number of replicas). */
  INDEX_BACKEND: z.enum(['files', 'postgres']).default('files'),
  /** postgres://user:password@host:port/database, with pgvector installed (INDEX_BACKEND=postgres). */
  DATABASE_URL: optionalString,
  /** INDEX_BACKEND=postgres: a generation no longer served is deleted this long after it was replaced. */
  GENERATION_GRACE_MINUTES: z.coerce.number().min(0).max(100_000).default(60),
  INDEX_DIR: z.string().default('./index'),
  MODELS_DIR: z.string().default('./models'),
  DATA_DIR: z.string().default('./data'),

  EMBED_MODEL: z.string().min(1).default('Xenova/multilingual-e5-small'),
  EMBED_DTYPE: z.enum(['fp32', 'fp16', 'q8', 'int8', 'uint8', 'q4', 'bnb4', 'q4f16']).default('q8'),
  EMBED_QUERY_PREFIX: z.string().default('query: '),
  EMBED_PASSAGE_PREFIX: z.string().default('passage: '),
  EMBED_BATCH_SIZE: z.coerce.number().int().min(1).max(512).default(1),
  EMBED_MAX_TOKENS: z.coerce.number().int().min(16).max(8192).default(512),
  ALLOW_MODEL_DOWNLOAD: booleanFlag.default(true),

  HNSW_M: z.coerce.number().int().min(2).max(128).default(16),
  HNSW_EF_CONSTRUCTION: z.coerce.number().int().min(10).max(2000).default(200),
  /** Unset (the default): the efSearch the build measured for the index (recall@10 ≥ 0.99 on a sample of its vectors). */
  HNSW_EF_SEARCH: z
    .string()
    .trim()
    .optional()
    .transform((value) => (value === undefined || value === '' ? undefined : Number(value)))
    .pipe(z.number().int().min(10).max(2000).optional()),

  CHUNK_MAX_CHARS: z.coerce.number().int().min(200).max(8000).default(1000),
  /** Text extraction from HTML, PDF and Word files runs in a worker with these limits, per file. */
  EXTRACT_TIMEOUT_SECONDS: z.coerce.number().min(1).max(3600).default(60),
  EXTRACT_MEMORY_MB: z.coerce.number().int().min(64).max(16384).default(512),
  EXTRACT_MAX_FILE_MB: z.coerce.number().min(1).max(4096).default(50),
  EXTRACT_MAX_UNZIPPED_MB: z.coerce.number().min(1).max(16384).default(200),
  FUSION: z.enum(['rrf', 'weighted']).default('rrf'),
  RRF_K: z.coerce.number().min(1).max(1000).default(60),
  DENSE_WEIGHT: z.coerce.number().min(0).max(1).default(0.6),
  /** Cosine similarity that counts as no relevance at all (e5 puts unrelated text near 0.7). */
  DENSE_SIMILARITY_FLOOR: z.coerce.number().min(-1).max(0.99).default(0.75),

  SEARCH_TOP_K: z.coerce.number().int().min(1).max(10).default(3),
  /** Minimum relevance (0..1) of the best passage below which citebot says it has no good answer. */
  NO_ANSWER_THRESHOLD: z.coerce.number().min(0).max(1).default(0.27),
  MAX_QUESTION_CHARS: z.coerce.number().int().min(20).max(10000).default(500),

  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** json: one JSON object a line; pretty: short human lines; auto: pretty on a terminal, json otherwise. */
  LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),

  DISCORD_TOKEN: optionalString,
  DISCORD_APP_ID: optionalString,
  DISCORD_GUILD_ID: optionalString,
  DISCORD_API_URL: optionalString,
  /** Several replicas: the total number of Discord shards, and the ones this replica runs ("0,1"); all of them when unset. */
  DISCORD_SHARD_COUNT: z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? undefined : value), z.coerce.number().int().min(1).max(4096).optional()),
  DISCORD_SHARDS: z
    .string()
    .default('')
    .transform((value, context) => {
      const items = value.split(',').map((item) => item.trim()).filter((item) => item !== '');
      if (items.some((item) => !/^\d+$/u.test(item))) {
        context.addIssue({ code: 'custom', message: 'expected shard numbers separated by commas, such as "0,1"' });
        return z.NEVER;
      }
      return items.map(Number);
    }),

  SLACK_BOT_TOKEN: optionalString,
  SLACK_APP_TOKEN: optionalString,
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_API_URL: optionalString,
  SLACK_COMMAND_PREFIX: z.string().default(''),
  SLACK_ADMIN_USERS: commaList,
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),

  BRIEFINGS_FILE: z.string().default('./briefings.yml'),
  /** Where citebot answers, from which folders, and who may ask (see citebot.example.yml); absent: everywhere, everyone. */
  CITEBOT_FILE: z.string().default('./citebot.yml'),

  /** Thread follow-ups: questions remembered per thread, and how long a quiet thread is remembered. */
  CONVERSATION_TURNS: z.coerce.number().int().min(1).max(20).default(5),
  CONVERSATION_TTL_MINUTES: z.coerce.number().int().min(1).max(43_200).default(120),
  /** Discord: ask for the Message Content intent (replies without a mention). auto: when the application has it. */
  DISCORD_MESSAGE_CONTENT: z.enum(['auto', 'true', 'false']).default('auto'),

  /** Token buckets per user and per channel. */
  RATE_LIMIT_USER: rate.prefault('6/60').transform((value) => (value === undefined ? { capacity: 6, periodMs: 60_000 } : value)),
  RATE_LIMIT_CHANNEL: rate.prefault('60/60').transform((value) => (value === undefined ? { capacity: 60, periodMs: 60_000 } : value)),
  /** Questions answered at once, and how many more may wait before "busy, try again in N s". */
  ENGINE_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  ENGINE_QUEUE: z.coerce.number().int().min(0).max(100_000).default(200),
  /** GET /healthz and GET /metrics on this port; off when unset (Slack HTTP mode serves them on PORT too). */
  METRICS_PORT: z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? undefined : value), z.coerce.number().int().min(0).max(65535).optional()),
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {}

/** Validate the environment once; the error names every bad variable. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = configSchema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration (check .env):\n${lines.join('\n')}`);
  }
  const config = result.data;
  if (config.DISCORD_TOKEN && !config.DISCORD_APP_ID) {
    throw new ConfigError('Invalid configuration (check .env):\n  DISCORD_APP_ID: required when DISCORD_TOKEN is set');
  }
  if (config.SLACK_BOT_TOKEN && !config.SLACK_APP_TOKEN && !config.SLACK_SIGNING_SECRET) {
    throw new ConfigError(
      'Invalid configuration (check .env):\n  SLACK_APP_TOKEN or SLACK_SIGNING_SECRET: one is required when SLACK_BOT_TOKEN is set (Socket Mode or HTTP mode)',
    );
  }
  if (config.INDEX_BACKEND === 'postgres' && !config.DATABASE_URL) {
    throw new ConfigError('Invalid configuration (check .env):\n  DATABASE_URL: required when INDEX_BACKEND=postgres');
  }
  if (config.DATABASE_URL && !/^postgres(ql)?:\/\//u.test(config.DATABASE_URL)) {
    throw new ConfigError('Invalid configuration (check .env):\n  DATABASE_URL: expected postgres://user:password@host:port/database');
  }
  if (config.DISCORD_SHARDS.length > 0 && config.DISCORD_SHARD_COUNT === undefined) {
    throw new ConfigError('Invalid configuration (check .env):\n  DISCORD_SHARD_COUNT: required when DISCORD_SHARDS is set');
  }
  const outOfRange = config.DISCORD_SHARDS.filter((shard) => shard >= (config.DISCORD_SHARD_COUNT ?? Infinity));
  if (outOfRange.length > 0) {
    throw new ConfigError(`Invalid configuration (check .env):\n  DISCORD_SHARDS: shard ${outOfRange.join(', ')} is not below DISCORD_SHARD_COUNT (${config.DISCORD_SHARD_COUNT})`);
  }
  return config;
}

/** Read `.env` (when present) into process.env, then validate. */
export function loadConfig(envFile = '.env'): Config {
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  return parseConfig(process.env);
}
