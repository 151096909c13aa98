import { z } from 'zod';

/** A bad or missing environment variable; the message names every offending variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type EnvShape = Record<string, z.ZodType>;

/**
 * Builds one typed config object from the environment. Each key of `shape` is the variable's
 * name; give each a format, a default where one makes sense, and a `.describe()` text.
 */
export function loadConfig<Shape extends EnvShape>(shape: Shape, env: NodeJS.ProcessEnv = process.env): z.infer<z.ZodObject<Shape>> {
  const schema = z.object(shape);
  const input = Object.fromEntries(Object.keys(shape).map((key) => [key, env[key] === '' ? undefined : env[key]]));
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const name = String(issue.path[0] ?? '(root)');
    const description = shape[name]?.description;
    const received = input[name] === undefined ? 'missing' : 'invalid';
    return `${name} is ${received}: ${issue.message}${description ? ` (${description})` : ''}`;
  });
  throw new ConfigError(problems);
}

/** For entry points: a bad config stops the process with one message naming the variables. */
export function loadConfigOrExit<Shape extends EnvShape>(shape: Shape, env: NodeJS.ProcessEnv = process.env): z.infer<z.ZodObject<Shape>> {
  try {
    return loadConfig(shape, env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(78); // EX_CONFIG
  }
}

/** Formats shared by every service's config. */
export const configFormats = {
  port: () => z.coerce.number().int().min(1).max(65535),
  url: () => z.url(),
  logLevel: () => z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
  nodeEnv: () => z.enum(['development', 'test', 'production']),
  durationMs: () => z.coerce.number().int().positive(),
};

/** Keys every Lynk service reads. */
export const baseConfigShape = {
  NODE_ENV: configFormats.nodeEnv().default('development').describe('development, test or production'),
  LOG_LEVEL: configFormats.logLevel().default('info').describe('pino log level'),
  SHUTDOWN_TIMEOUT_MS: configFormats.durationMs().default(10_000).describe('how long graceful shutdown may take before the process exits anyway'),
};
