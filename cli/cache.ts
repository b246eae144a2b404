// On-disk cache of getPositions cursors, so `rigshare positions` scans only the blocks since the last
// run. One small JSON file per chain, contract and account under $RIGSHARE_CACHE_DIR (default
// $XDG_CACHE_HOME/rigshare or ~/.cache/rigshare). A corrupt or foreign file is ignored.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import type { Address, Hash } from "viem";

import type { PositionsCursor } from "../sdk/actions/getPositions.js";
import type { Context } from "./context.js";

function cacheDir(): string {
  return (
    process.env.RIGSHARE_CACHE_DIR ??
    path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"), "rigshare")
  );
}

function file(ctx: Context, account: Address): string {
  return path.join(
    cacheDir(),
    `positions-${ctx.chainId}-${ctx.contracts.rigShares.toLowerCase()}-${account.toLowerCase()}.json`,
  );
}

type Stored = { rigShares: Address; account: Address; scannedTo: string; scannedToHash: Hash; candidates: string[] };

export async function loadCursor(ctx: Context, account: Address): Promise<PositionsCursor | undefined> {
  try {
    const s = JSON.parse(await readFile(file(ctx, account), "utf8")) as Stored;
    return {
      rigShares: s.rigShares,
      account: s.account,
      scannedTo: BigInt(s.scannedTo),
      scannedToHash: s.scannedToHash,
      candidates: s.candidates.map(BigInt),
    };
  } catch {
    return undefined;
  }
}

export async function saveCursor(ctx: Context, cursor: PositionsCursor): Promise<void> {
  const stored: Stored = { ...cursor, scannedTo: String(cursor.scannedTo), candidates: cursor.candidates.map(String) };
  try {
    await mkdir(cacheDir(), { recursive: true });
    await writeFile(file(ctx, cursor.account), JSON.stringify(stored));
  } catch {
    // A read-only home directory only costs a full scan next time.
  }
}
