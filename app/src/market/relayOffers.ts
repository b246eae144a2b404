// Signed offers on the order relay (relay/, client sdk/relay.ts): the shared book every visitor of the app
// reads, whoever made the offer. `useRelayOffers` reads the offers a taker can act on (open, partial,
// unfillable), the account's own offers whatever their status, and every offer seen earlier in this session
// or kept in this browser (so a fill or a cancel shows as such instead of the row vanishing, and an offer
// the relay does not hold is known as not published). It re-reads on each new block, after each confirmed
// transaction and every few seconds (an offer signed elsewhere mines no block). `publishOffer` submits one.
import { useEffect, useRef, useState } from "react";
import type { Address } from "viem";

import { RigshareError } from "../../../sdk/errors.js";
import {
  type RelayOrder,
  RelayRejectedError,
  RelayUnavailableError,
  getOrders,
  submitOrder,
} from "../../../sdk/relay.js";
import { useProtocol } from "../protocol/ProtocolContext.js";
import type { StoredOffer } from "./offerCodec.js";

const REFRESH_MS = 3_000;
const PAGE = 100;

export type RelayOffers = {
  /** The book as last read (undefined before the first answer): live offers first, best price first. */
  offers?: RelayOrder[];
  /** Hashes (lowercase) of the offers kept in this browser that the relay does not hold. */
  unknown: Set<string>;
  /** Why the last read failed (the last good book stays in `offers`). */
  error?: unknown;
};

const lower = (hash: string) => hash.toLowerCase();

/** The offer a relay entry carries, in the form the app keeps and fills. */
export function storedOfRelay(entry: RelayOrder): StoredOffer {
  if (entry.order.kind !== "offer") throw new Error(`order ${entry.orderHash} is not an offer`);
  return { offer: entry.order.order, signature: entry.order.signature, orderHash: entry.orderHash };
}

/**
 * Submits an offer. A failure is a RigshareError with one readable line: the relay's refusal
 * (RelayRejectedError's message) or that the relay could not be reached, plus that the signature is kept in
 * this browser (the caller keeps it; a duplicate needs no keeping: the relay holds it).
 */
export async function publishOffer(
  relayUrl: string,
  stored: StoredOffer,
  domain: { chainId: number; market: Address },
): Promise<RelayOrder> {
  try {
    return await submitOrder(relayUrl, {
      kind: "offer",
      order: stored.offer,
      signature: stored.signature,
      orderHash: stored.orderHash,
      ...domain,
    });
  } catch (e) {
    const note = " Your signed offer is kept in this browser: publish it again from the offers list.";
    if (e instanceof RelayRejectedError)
      throw new RigshareError(`${e.shortMessage}.${e.code === "duplicate" ? "" : note}`, { cause: e });
    if (e instanceof RelayUnavailableError)
      throw new RigshareError(`${e.shortMessage.replace(/\.$/, "")}.${note}`, { cause: e });
    throw e;
  }
}

/** Whether a publication failed because the relay already holds the offer (nothing to keep then). */
export function isDuplicate(error: unknown): boolean {
  const cause = (error as { cause?: unknown }).cause ?? error;
  return cause instanceof RelayRejectedError && cause.code === "duplicate";
}

/**
 * One read of the book: what a taker can act on, then, per maker of an offer the page follows (the
 * account's own, those seen earlier, those kept here), that maker's offers in every status. Asking by maker
 * rather than by hash keeps an offer the relay does not hold from being a 404 (which a browser logs).
 */
async function readBook(relayUrl: string, account: Address | undefined, follow: Followed) {
  const mine = account ? lower(account) : undefined;
  const makers = [...new Set([...(mine ? [mine] : []), ...follow.makers])];
  const [live, ...byMaker] = await Promise.all([
    getOrders(relayUrl, { side: "offer", status: ["open", "partial", "unfillable"], limit: PAGE }),
    ...makers.map((maker) =>
      getOrders(relayUrl, { side: "offer", maker: maker as Address, status: "all", limit: PAGE }),
    ),
  ]);
  const byHash = new Map<string, RelayOrder>();
  for (const o of live.orders) byHash.set(lower(o.orderHash), o);
  const others = new Map<string, RelayOrder>();
  for (const o of byMaker.flatMap((page) => page.orders)) {
    const hash = lower(o.orderHash);
    if (byHash.has(hash) || !(lower(o.maker) === mine || follow.hashes.has(hash))) continue;
    others.set(hash, o);
  }
  const unknown = new Set([...follow.kept].filter((h) => !byHash.has(h) && !others.has(h)));
  // What a taker can fill keeps the relay's order (best price first); the rest, newest first.
  const rest = [...others.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return { offers: [...byHash.values(), ...rest], unknown };
}

/** The offers a page follows beyond the live book: hashes (seen or kept here) and their makers, lowercase. */
type Followed = { hashes: Set<string>; makers: Set<string>; kept: Set<string> };

/**
 * A counter that moves every few seconds while `relayUrl` is set: a relay read keyed on it (beside the block
 * and the transaction revision) also sees orders signed elsewhere, which mine no block.
 */
export function useRelayTick(relayUrl: string | undefined): number {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!relayUrl) return;
    const timer = setInterval(() => setTick((n) => n + 1), REFRESH_MS);
    return () => clearInterval(timer);
  }, [relayUrl]);
  return tick;
}

/** The relay's offers (see the file's header); nothing is read while `relayUrl` is undefined. */
export function useRelayOffers(
  relayUrl: string | undefined,
  account: Address | undefined,
  kept: StoredOffer[],
): RelayOffers {
  const { block, revision } = useProtocol();
  const tick = useRelayTick(relayUrl);

  const scope = `${relayUrl}|${account}`;
  // Offers seen in this session: hash → maker.
  const seen = useRef(new Map<string, string>());
  const [result, setResult] = useState<RelayOffers & { scope: string }>();
  const started = useRef(0);
  const shown = useRef(0);
  const keptKey = kept.map((o) => `${lower(o.orderHash)}:${lower(o.offer.buyer)}`).join();
  useEffect(() => {
    if (!relayUrl) return;
    const run = ++started.current;
    const keptPairs = keptKey ? keptKey.split(",").map((pair) => pair.split(":") as [string, string]) : [];
    const follow: Followed = {
      hashes: new Set([...seen.current.keys(), ...keptPairs.map(([hash]) => hash)]),
      makers: new Set([...seen.current.values(), ...keptPairs.map(([, maker]) => maker)]),
      kept: new Set(keptPairs.map(([hash]) => hash)),
    };
    // Runs may overlap (a slow read while the next block arrives): only a later run's answer replaces one.
    readBook(relayUrl, account, follow).then(
      (book) => {
        if (run <= shown.current) return;
        shown.current = run;
        for (const o of book.offers) seen.current.set(lower(o.orderHash), lower(o.maker));
        setResult({ scope, ...book });
      },
      (error: unknown) => {
        if (run <= shown.current) return;
        shown.current = run;
        setResult((previous) =>
          previous?.scope === scope ? { ...previous, error } : { scope, unknown: new Set(), error },
        );
      },
    );
  }, [relayUrl, account, scope, keptKey, block?.number, revision, tick]);

  if (!relayUrl || result?.scope !== scope) return { unknown: new Set() };
  return result;
}
