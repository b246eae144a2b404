// Terminal interaction: a spinner while transactions confirm (only on a TTY), and the confirmation step
// of value-moving commands (skipped with --yes; refused when there is no terminal to ask).
import { createInterface } from "node:readline/promises";

import type { Hash } from "viem";

import { UsageError } from "./errors.js";

const FRAMES = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/** A progress indicator on stderr; silent unless stdout and stderr are terminals. */
export class Progress {
  private timer: NodeJS.Timeout | undefined;
  private text = "";
  private frame = 0;
  readonly enabled = process.stdout.isTTY === true && process.stderr.isTTY === true;

  start(text: string): void {
    this.text = text;
    if (!this.enabled || this.timer) return;
    this.timer = setInterval(() => this.render(), 80);
    this.render();
  }

  /** For `onHash`: shows which transaction is being waited for. */
  readonly onHash = (hash: Hash, label: string): void => {
    this.start(`waiting for ${label} ${hash.slice(0, 10)}…`);
  };

  stop(): void {
    if (!this.timer) return;
    clearInterval(this.timer);
    this.timer = undefined;
    process.stderr.write("\r\x1b[2K");
  }

  private render(): void {
    process.stderr.write(`\r\x1b[2K${FRAMES[this.frame++ % FRAMES.length]} ${this.text}`);
  }
}

/** Asks `question` unless `yes`; without a terminal and without --yes, refuses. */
export async function confirm(question: string, yes: boolean): Promise<void> {
  if (yes) return;
  if (!process.stdin.isTTY) {
    const action = question.replace(/\?$/, "").replace(/^./, (c) => c.toLowerCase());
    throw new UsageError(`confirmation needed to ${action}, but stdin is not a terminal: pass --yes`);
  }
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = (await rl.question(`${question} [y/N] `)).trim().toLowerCase();
    if (answer !== "y" && answer !== "yes") throw new AbortedError();
  } finally {
    rl.close();
  }
}

export class AbortedError extends Error {
  override readonly name = "AbortedError" as const;
  constructor() {
    super("aborted: nothing was sent");
  }
}
