// The shape of a CLI command and the helpers commands share: a command returns what --json prints and
// the text a human sees; writes go through `write`, which confirms value-moving actions and shows
// progress while transactions confirm.
import type { Context } from "./context.js";
import { Progress, confirm } from "./io.js";

export type Options = Record<string, string | boolean | undefined>;
export type Output = { json: unknown; human: string };

export type Command = {
  /** Words that select the command, e.g. ["sale", "open"]. */
  path: string[];
  /** Arguments after the path, for help. */
  usage: string;
  summary: string;
  /** Options the command accepts besides the global ones. */
  options?: string[];
  /** False for commands that need no chain (help). */
  chain?: boolean;
  run(ctx: Context, args: string[], options: Options): Promise<Output>;
};

/** Hooks a write passes to an SDK action: confirmation before the first transaction, then progress. */
export type WriteHooks = { onHash: Progress["onHash"]; beforeSend: () => Promise<void> };

/**
 * Runs a write. The SDK action runs its pre-flight checks and simulation first; then, before the first
 * transaction, `beforeSend` asks `question` (value-moving commands only, unless --yes) and starts the
 * progress indicator, which `onHash` updates while transactions confirm.
 */
export async function write<T>(
  ctx: Context,
  { question, valueMoving }: { question: string; valueMoving: boolean },
  run: (hooks: WriteHooks) => Promise<T>,
): Promise<T> {
  const progress = new Progress();
  let asked = false;
  const beforeSend = async () => {
    if (asked) return;
    asked = true;
    if (valueMoving) await confirm(question, ctx.options.yes);
    progress.start(`${question.replace(/\?$/, "").replace(/^./, (c) => c.toLowerCase())}…`);
  };
  try {
    return await run({ onHash: progress.onHash, beforeSend });
  } finally {
    progress.stop();
  }
}
