// Registration of indexing functions. Every handler goes through `on`, which first appends the decoded event
// to the `event` table (the complete history), so no event is lost even when a table does not use it;
// events no table needs are registered by `registerRemaining` for that history only. Contracts the address
// book lacks (older books) are skipped: Ponder would otherwise refuse a handler for an unconfigured contract.
import type { Abi } from "viem";
import { type Context, type EventNames, type IndexingFunctionArgs, ponder } from "ponder:registry";
import { event as eventTable } from "ponder:schema";

import { type IndexedContract, hasContract } from "../../book.js";
import { POSITION_STRIDE, jsonSafe } from "./values.js";

export type Db = Context["db"];
type LogEventName = Exclude<EventNames, `${string}:setup`>;

const handled = new Set<string>();

/** Fields of a log event the history needs, whatever the event. */
type AnyLogEvent = {
  id: string;
  args: unknown;
  log: { logIndex: number };
  block: { number: bigint; timestamp: bigint };
  transaction: { hash: `0x${string}` };
};

/** The rig an event concerns: a `rigId` argument, or the rig encoded in a position id. */
function rigOf(args: Record<string, unknown>): bigint | null {
  if (typeof args.rigId === "bigint") return args.rigId;
  for (const key of ["positionId", "tokenId", "keptId", "boughtId"]) {
    const v = args[key];
    if (typeof v === "bigint") return v / POSITION_STRIDE;
  }
  return null;
}

async function logEvent(db: Db, name: string, e: AnyLogEvent): Promise<void> {
  const [contract, eventName] = name.split(":") as [string, string];
  const args = (e.args ?? {}) as Record<string, unknown>;
  await db.insert(eventTable).values({
    id: e.id,
    contract,
    name: eventName,
    args: jsonSafe(args),
    blockNumber: e.block.number,
    timestamp: e.block.timestamp,
    transactionHash: e.transaction.hash,
    logIndex: e.log.logIndex,
    rigId: rigOf(args),
  });
}

/** Registers `fn` for `name` ("Contract:Event"), after the event is recorded in the history. */
export function on<const N extends LogEventName>(name: N, fn: (args: IndexingFunctionArgs<N>) => Promise<void>): void {
  handled.add(name);
  if (!hasContract(name.split(":")[0] as IndexedContract)) return;
  ponder.on(name, async (args) => {
    await logEvent(args.context.db, name, args.event as unknown as AnyLogEvent);
    await fn(args as unknown as IndexingFunctionArgs<N>);
  });
}

/** Registers every event of `abi` that has no handler yet, for the history only (roles, pauses, approvals…). */
export function registerRemaining(contract: IndexedContract, abi: Abi): void {
  if (!hasContract(contract)) return;
  for (const item of abi) {
    if (item.type !== "event") continue;
    const name = `${contract}:${item.name}`;
    if (handled.has(name)) continue;
    handled.add(name);
    // The name comes from the contract's own ABI, so it is one of the config's event names.
    ponder.on(name as LogEventName, async ({ event, context }) => {
      await logEvent(context.db, name, event as unknown as AnyLogEvent);
    });
  }
}
