// Signed listings on the order relay: a holder signs a listing of a position off chain (EIP-712, checked by
// ShareMarket at the fill; the market is approved for the holder's positions first when it is not yet) and
// publishes it to the relay; any visitor sees it in the relay's book with its live status and buys shares
// of it (buySignedListing: the price, royalty and fee are paid at the fill, the seller's rewards up to the
// fill are the seller's). The seller cancels on chain. Listings made with `rigshare listing sign` appear
// here too, since they are in the same book. Without a relay there is no shared place for a signed listing,
// so this card says so and points to the on-chain listing (the position's "List for sale").
import { useEffect, useMemo, useState } from "react";
import type { Address } from "viem";

import { buySignedListing } from "../../../sdk/actions/buySignedListing.js";
import { cancelOrder } from "../../../sdk/actions/cancelOrder.js";
import type { RigInfo } from "../../../sdk/actions/getRig.js";
import { signListing } from "../../../sdk/actions/signListing.js";
import { parseDecimal, parseInteger } from "../../../sdk/decimal.js";
import { RigshareError } from "../../../sdk/errors.js";
import {
  type RelayOrder,
  RelayRejectedError,
  RelayUnavailableError,
  getOrders,
  submitOrder,
} from "../../../sdk/relay.js";
import { formatTime, formatToken, shortAddress } from "../format.js";
import { useRelayTick } from "../market/relayOffers.js";
import { expiryFromDays, parseInputs } from "../parse.js";
import { useChainNow, useProtocol } from "../protocol/ProtocolContext.js";
import { type HeldPosition, usePortfolio } from "../protocol/usePortfolio.js";
import { useToken } from "../protocol/useToken.js";
import { useTx } from "../tx/TxContext.js";
import { Card, Field, NeedsWallet, ReadError, TableScroll } from "./ui.js";

const PAGE = 100;

type Book = { scope: string; listings?: RelayOrder[]; error?: unknown };

/** The relay's live signed listings, plus the account's own in every status; re-read per block and every 3 s. */
function useRelayListings(relayUrl: string, account: Address | undefined): Omit<Book, "scope"> {
  const { block, revision } = useProtocol();
  const tick = useRelayTick(relayUrl);
  const scope = `${relayUrl}|${account}`;
  const [book, setBook] = useState<Book>();
  useEffect(() => {
    let current = true;
    Promise.all([
      getOrders(relayUrl, { side: "listing", status: ["open", "partial", "unfillable"], limit: PAGE }),
      account ? getOrders(relayUrl, { side: "listing", maker: account, status: "all", limit: PAGE }) : undefined,
    ]).then(
      ([live, mine]) => {
        if (!current) return;
        const byHash = new Map(live.orders.map((o) => [o.orderHash.toLowerCase(), o]));
        // The account's own that are no longer live (filled, cancelled, expired…), newest first, after the book.
        const rest = (mine?.orders ?? [])
          .filter((o) => !byHash.has(o.orderHash.toLowerCase()))
          .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
        setBook({ scope, listings: [...byHash.values(), ...rest] });
      },
      (error: unknown) => {
        if (current) setBook((previous) => ({ scope, listings: previous?.listings, error }));
      },
    );
    return () => {
      current = false;
    };
  }, [relayUrl, account, scope, block?.number, revision, tick]);
  return book?.scope === scope ? book : {};
}

/** Publishes a signed listing; a refusal or an unreachable relay becomes one readable line. */
async function publish(relayUrl: string, order: Extract<RelayOrder["order"], { kind: "listing" }>) {
  try {
    return await submitOrder(relayUrl, order);
  } catch (e) {
    if (e instanceof RelayRejectedError || e instanceof RelayUnavailableError)
      throw new RigshareError(`${e.shortMessage.replace(/\.$/, "")}. The listing was signed but not published.`, {
        cause: e,
      });
    throw e;
  }
}

function SignListing({ relayUrl, positions }: { relayUrl: string; positions: HeldPosition[] }) {
  const { walletClient, contracts, chain } = useProtocol();
  const { run } = useTx();
  const now = useChainNow();
  const sellable = positions.filter((p) => !p.rental.active && !p.listing);
  const [positionText, setPositionText] = useState("");
  const position = sellable.find((p) => p.positionId.toString() === positionText) ?? sellable[0];
  const payment = useToken(position?.rig.paymentToken);
  const [shares, setShares] = useState("");
  const [price, setPrice] = useState("");
  const [days, setDays] = useState("7");
  const { value, problem } = parseInputs(() => {
    if (!position || !payment) throw new Error("choose a position");
    const wanted = shares ? parseInteger(shares, "shares") : position.shares;
    if (wanted < 1n || wanted > position.shares)
      throw new Error(`shares must be between 1 and the position's ${position.shares}`);
    return {
      positionId: position.positionId,
      shares: wanted,
      paymentToken: position.rig.paymentToken,
      pricePerShare: parseDecimal(price, payment.decimals),
      expiry: expiryFromDays(days, now ?? 0n),
    };
  });
  if (sellable.length === 0)
    return <p className="muted">You hold no position that is free to list (not rented, not listed on chain).</p>;
  return (
    <div className="action-form" data-testid="sign-listing">
      <label className="field">
        <span>Position</span>
        <select
          value={position?.positionId.toString()}
          onChange={(e) => setPositionText(e.target.value)}
          data-testid="sign-listing-position"
        >
          {sellable.map((p) => (
            <option key={p.positionId.toString()} value={p.positionId.toString()}>
              #{p.positionId.toString()} · {p.rig.name} ({p.shares.toString()} shares)
            </option>
          ))}
        </select>
      </label>
      <Field
        label="Shares offered"
        value={shares}
        onChange={setShares}
        placeholder={position?.shares.toString()}
        testId="sign-listing-shares"
      />
      <Field
        label="Price per share"
        value={price}
        onChange={setPrice}
        suffix={payment?.symbol}
        testId="sign-listing-price"
      />
      <Field label="Open for" value={days} onChange={setDays} suffix="days" testId="sign-listing-days" />
      {problem && price && <p className="error">{problem}</p>}
      <button
        disabled={!value}
        data-testid="sign-listing-submit"
        onClick={() =>
          // Approving the market (once), signing and publishing are one action: a refusal by the relay fails it.
          run(`Signed listing of ${value!.shares} shares of #${value!.positionId}`, async (o) => {
            const signed = await signListing(walletClient!, { contracts, ...value!, approveMarket: true, ...o });
            await publish(relayUrl, {
              kind: "listing",
              order: signed.order,
              signature: signed.signature,
              orderHash: signed.orderHash,
              chainId: chain.chainId,
              market: contracts.market!,
            });
            return signed;
          })
        }
      >
        Sign and publish
      </button>
    </div>
  );
}

function ListingRow({ entry, rig }: { entry: RelayOrder; rig?: RigInfo }) {
  const { walletClient, contracts } = useProtocol();
  const { run } = useTx();
  const payment = useToken(entry.paymentToken);
  const account = walletClient?.account.address;
  const [sharesText, setSharesText] = useState("");
  if (entry.order.kind !== "listing") return null;
  const { order, signature } = entry.order;
  const live = entry.status === "open" || entry.status === "partial";
  const mine = account !== undefined && account.toLowerCase() === entry.maker.toLowerCase();
  const { value: shares, problem } = parseInputs(() => {
    const wanted = parseInteger(sharesText || entry.remaining.toString(), "shares");
    if (wanted < 1n || wanted > entry.remaining) throw new Error(`shares must be between 1 and ${entry.remaining}`);
    if (wanted < order.minFill && wanted !== entry.remaining)
      throw new Error(`the seller sells at least ${order.minFill} shares at a time`);
    return wanted;
  });
  return (
    <tr data-testid="signed-listing-row" data-status={entry.status} data-order-hash={entry.orderHash.toLowerCase()}>
      <td>{rig?.name}</td>
      <td>#{order.positionId.toString()}</td>
      <td title={entry.maker}>{mine ? "you" : shortAddress(entry.maker)}</td>
      <td data-testid="signed-listing-left">
        {entry.remaining.toString()} of {order.shares.toString()}
      </td>
      <td>{formatToken(order.pricePerShare, payment)}</td>
      <td>{formatTime(order.expiry)}</td>
      <td data-testid="signed-listing-status" title={entry.reason}>
        {entry.reason ? `${entry.status} (${entry.reason.replaceAll("_", " ")})` : entry.status}
      </td>
      <td>
        {mine && (live || entry.status === "unfillable") && (
          <button
            className="secondary"
            data-testid="signed-listing-cancel"
            onClick={() =>
              run("Cancel signed listing", (o) =>
                cancelOrder(walletClient!, { contracts, kind: "listing", order, ...o }),
              )
            }
          >
            Cancel
          </button>
        )}
        {live && entry.remaining > 0n && account && !mine && (
          <span className="inline-form">
            <input
              value={sharesText}
              placeholder={entry.remaining.toString()}
              onChange={(e) => setSharesText(e.target.value)}
              data-testid="signed-listing-buy-shares"
              aria-label="shares to buy"
            />
            <button
              disabled={shares === undefined}
              data-testid="signed-listing-buy"
              onClick={() =>
                run(`Buy ${shares!} shares of a signed listing`, (o) =>
                  buySignedListing(walletClient!, {
                    contracts,
                    order,
                    signature,
                    shares: shares!,
                    maxPricePerShare: order.pricePerShare,
                    approve: "exact",
                    ...o,
                  }),
                )
              }
            >
              Buy
            </button>
            {problem && sharesText && <span className="error">{problem}</span>}
          </span>
        )}
      </td>
    </tr>
  );
}

function RelayListings({ relayUrl, rigs }: { relayUrl: string; rigs: RigInfo[] }) {
  const { walletClient } = useProtocol();
  const account = walletClient?.account.address;
  const book = useRelayListings(relayUrl, account);
  const held = usePortfolio(account).data?.positions ?? [];
  const byId = useMemo(() => new Map(rigs.map((r) => [r.rigId, r])), [rigs]);
  const listings = book.listings ?? [];
  return (
    <>
      <p className="muted" data-testid="signed-listings-source">
        Signed listings live on the order relay ({relayUrl}): signing costs no gas, and anyone using it sees them and
        can buy. The market checks the signature, the price and that the position is unchanged at the purchase.
      </p>
      <NeedsWallet what="sign a listing">
        <SignListing relayUrl={relayUrl} positions={held} />
      </NeedsWallet>
      {book.error !== undefined && <ReadError error={book.error} />}
      {book.listings === undefined && book.error === undefined ? (
        <p className="muted">Loading the relay's signed listings…</p>
      ) : listings.length === 0 ? (
        <p className="muted">No signed listing on the relay yet.</p>
      ) : (
        <TableScroll>
          <table>
            <thead>
              <tr>
                <th>Rig</th>
                <th>Position</th>
                <th>Seller</th>
                <th>Shares left</th>
                <th>Price / share</th>
                <th>Expires</th>
                <th>Status</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {listings.map((entry) => (
                <ListingRow key={entry.orderHash} entry={entry} rig={byId.get(entry.rigId)} />
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </>
  );
}

export function SignedListings({ rigs }: { rigs: RigInfo[] }) {
  const { relayUrl } = useProtocol();
  return (
    <Card title="Signed listings" testId="signed-listings">
      {relayUrl ? (
        <RelayListings relayUrl={relayUrl} rigs={rigs} />
      ) : (
        <p className="muted" data-testid="signed-listings-source">
          No order relay is configured for this network, so there is no shared book for signed listings: list a position
          on chain from your portfolio instead.
        </p>
      )}
    </Card>
  );
}
