// Builds the adapter a pool's config names.
import type { Logger } from "../log.js";
import type { RetryOptions } from "../retry.js";
import { FilePoolAdapter } from "./file.js";
import { HttpPoolAdapter } from "./http.js";
import type { PoolAdapter, PoolConfig } from "./types.js";

export { FilePoolAdapter } from "./file.js";
export { HttpPoolAdapter } from "./http.js";
export type * from "./types.js";

export function createPoolAdapter(
  name: string,
  config: PoolConfig,
  deps: { baseDir?: string; log?: Logger; retry?: RetryOptions; env?: NodeJS.ProcessEnv } = {},
): PoolAdapter {
  return config.type === "http"
    ? new HttpPoolAdapter(name, config, deps)
    : new FilePoolAdapter(name, config, deps.baseDir);
}
