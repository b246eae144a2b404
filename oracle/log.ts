// Structured logs: one line per action. Text mode prints `time LEVEL action key=value …`; JSON mode prints
// one JSON object per line (`{"time","level","action",…}`) with bigints as decimal strings, so a log
// shipper or a test can parse every line without knowing the action.

export type LogLevel = "debug" | "info" | "warn" | "error" | "fatal";
export type LogFields = Record<string, unknown>;
export type LogRecord = { time: string; level: LogLevel; action: string } & LogFields;

export interface Logger {
  debug(action: string, fields?: LogFields): void;
  info(action: string, fields?: LogFields): void;
  warn(action: string, fields?: LogFields): void;
  error(action: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line (e.g. `{ rigId }`). */
  child(fields: LogFields): Logger;
}

export type LoggerOptions = {
  json?: boolean;
  /** Lines below this level are dropped (default "info"). */
  level?: LogLevel;
  /** Where lines go (default: stdout). */
  write?: (line: string) => void;
  /** Also receives every record (tests collect them). */
  onRecord?: (record: LogRecord) => void;
  /** Clock for the `time` field. */
  now?: () => Date;
};

const RANK: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3, fatal: 4 };

function plain(value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Error) return value.message.split("\n")[0];
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  }
  return value;
}

function textValue(value: unknown): string {
  const v = plain(value);
  const s =
    typeof v === "string"
      ? v
      : Array.isArray(v) && v.every((x) => typeof x !== "object")
        ? v.join(",")
        : JSON.stringify(v);
  return /[\s"=]/.test(s) ? JSON.stringify(s) : s;
}

/** Formats a record as one text line. */
export function formatText(record: LogRecord): string {
  const { time, level, action, ...fields } = record;
  const parts = [time, level.toUpperCase().padEnd(5), action];
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) parts.push(`${k}=${textValue(v)}`);
  return parts.join(" ");
}

/** Formats a record as one JSON line. */
export function formatJson(record: LogRecord): string {
  return JSON.stringify(plain(record));
}

export function createLogger(options: LoggerOptions = {}, base: LogFields = {}): Logger {
  const min = RANK[options.level ?? "info"];
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const now = options.now ?? (() => new Date());
  const emit = (level: LogLevel, action: string, fields: LogFields = {}) => {
    const record = { time: now().toISOString(), level, action, ...base, ...fields } as LogRecord;
    options.onRecord?.(record);
    if (RANK[level] < min) return;
    write(options.json ? formatJson(record) : formatText(record));
  };
  return {
    debug: (a, f) => emit("debug", a, f),
    info: (a, f) => emit("info", a, f),
    warn: (a, f) => emit("warn", a, f),
    error: (a, f) => emit("error", a, f),
    child: (fields) => createLogger(options, { ...base, ...fields }),
  };
}
