// Signed offers: a buyer signs an offer for shares of a rig (approving the payment token first when
// needed); any holder of that rig sells into it (fillOffer). Where the offers live depends on the chain's
// configuration:
//   - with an order relay (`relayUrl`, the indexer's /orders by default), a signed offer is published there
//     and the list is the relay's shared book (market/relayOffers.ts) with each offer's live status as the
//     relay judges it: any visitor sees any maker's offers. A submission the relay refuses, or cannot take
//     because it is unreachable, keeps its signature in this browser (market/offerBook.ts), listed as not
//     published with a button to publish it again; an imported offer is published too;
//   - without one, the offers seen in this browser are kept in localStorage and listed with their on-chain
//     fill state, and pass from browser to browser as text (Copy, Import: market/offerCodec.ts).
import { useEffect, useMemo, useState } from "react";

import { cancelOrder } from "../../../sdk/actions/cancelOrder.js";
import { fillOffer } from "../../../sdk/actions/fillOffer.js";
import { getOrderState } from "../../../sdk/actions/getOrderState.js";
import type { RigInfo } from "../../../sdk/actions/getRig.js";
import { signOffer } from "../../../sdk/actions/signOffer.js";
import { parseDecimal, parseInteger } from "../../../sdk/decimal.js";
import type { RelayOrder } from "../../../sdk/relay.js";
import { formatTime, formatToken, shortAddress } from "../format.js";
import { type StoredOffer, decodeOffer, encodeOffer, loadOffers, removeOffer, saveOffer } from "../market/offerBook.js";
import { isDuplicate, publishOffer, storedOfRelay, useRelayOffers } from "../market/relayOffers.js";
import { expiryFromDays, parseInputs } from "../parse.js";
import { useChainNow, useProtocol } from "../protocol/ProtocolContext.js";
import { useChainQuery } from "../protocol/useChainQuery.js";
import { type HeldPosition, usePortfolio } from "../protocol/usePortfolio.js";
import { useToken } from "../protocol/useToken.js";
import { useTx } from "../tx/TxContext.js";
import { Card, Field, NeedsWallet, ReadError, TableScroll } from "./ui.js";

/** An offer's state as shown: the relay's live status, or (without a relay) read from the chain. */
type OfferStatus = {
  /** open, partial, filled, cancelled, voided, expired, unfillable (relay); open, filled, cancelled, expired. */
  name: string;
  filled: bigint;
  /** A holder can sell into it now. */
  fillable: boolean;
  /** The maker can still cancel it. */
  cancellable: boolean;
  /** Why it cannot fill (relay's `unfillable` reason). */
  detail?: string;
};

function MakeOffer({ rigs, onSigned }: { rigs: RigInfo[]; onSigned(o: StoredOffer): Promise<void> }) {
  const { walletClient, contracts } = useProtocol();
  const { run } = useTx();
  const now = useChainNow();
  const [rigText, setRigText] = useState(rigs[0]?.rigId.toString() ?? "");
  const rig = rigs.find((r) => r.rigId.toString() === rigText);
  const payment = useToken(rig?.paymentToken);
  const [shares, setShares] = useState("10");
  const [price, setPrice] = useState("");
  const [days, setDays] = useState("7");
  const { value, problem } = parseInputs(() => {
    if (!rig || !payment) throw new Error("choose a rig");
    return {
      rigId: rig.rigId,
      maxShares: parseInteger(shares, "shares"),
      pricePerShare: parseDecimal(price, payment.decimals),
      expiry: expiryFromDays(days, now ?? 0n),
      paymentToken: rig.paymentToken,
    };
  });
  return (
    <div className="action-form" data-testid="make-offer">
      <label className="field">
        <span>Rig</span>
        <select value={rigText} onChange={(e) => setRigText(e.target.value)}>
          {rigs.map((r) => (
            <option key={r.rigId.toString()} value={r.rigId.toString()}>
              {r.name}
            </option>
          ))}
        </select>
      </label>
      <Field label="Shares wanted" value={shares} onChange={setShares} testId="offer-shares" />
      <Field label="Price per share" value={price} onChange={setPrice} suffix={payment?.symbol} testId="offer-price" />
      <Field label="Open for" value={days} onChange={setDays} suffix="days" testId="offer-days" />
      {problem && price && <p className="error">{problem}</p>}
      <button
        disabled={!value}
        data-testid="offer-submit"
        onClick={() =>
          // Signing and publishing are one action: a refusal by the relay is this action's failure.
          run(`Offer for ${value!.maxShares} shares of ${rig!.name}`, async (o) => {
            const signed = await signOffer(walletClient!, { contracts, ...value!, ...o });
            await onSigned({ offer: signed.offer, signature: signed.signature, orderHash: signed.orderHash });
            return signed;
          })
        }
      >
        Sign offer
      </button>
    </div>
  );
}

function OfferRow({
  stored,
  status,
  rig,
  held,
  published,
  onPublish,
}: {
  stored: StoredOffer;
  status?: OfferStatus;
  rig?: RigInfo;
  held: HeldPosition[];
  /** With a relay: whether it holds the offer (undefined without a relay). */
  published?: boolean;
  onPublish?(): void;
}) {
  const { walletClient, contracts } = useProtocol();
  const { run } = useTx();
  const payment = useToken(stored.offer.paymentToken);
  const account = walletClient?.account.address;
  const mine = held.filter((p) => p.rigId === stored.offer.rigId && !p.rental.active);
  const [positionText, setPositionText] = useState("");
  const [sharesText, setSharesText] = useState("");
  const remaining = stored.offer.maxShares - (status?.filled ?? 0n);
  const { value: fill, problem } = parseInputs(() => ({
    positionId: BigInt(positionText || mine[0]?.positionId || 0n),
    shares: parseInteger(sharesText || remaining.toString(), "shares"),
  }));
  const name = status?.name ?? "…";
  return (
    <tr
      data-testid="offer-row"
      data-status={name}
      data-order-hash={stored.orderHash.toLowerCase()}
      data-published={published === undefined ? undefined : String(published)}
    >
      <td>{rig?.name}</td>
      <td title={stored.offer.buyer}>{account === stored.offer.buyer ? "you" : shortAddress(stored.offer.buyer)}</td>
      <td data-testid="offer-left">
        {remaining.toString()} of {stored.offer.maxShares.toString()}
      </td>
      <td>{formatToken(stored.offer.pricePerShare, payment)}</td>
      <td>{formatTime(stored.offer.expiry)}</td>
      <td data-testid="offer-status" title={status?.detail}>
        {status?.detail ? `${name} (${status.detail})` : name}
        {published === false && (
          <span className="warn" data-testid="offer-unpublished">
            {" "}
            · not published
          </span>
        )}
      </td>
      <td>
        <button className="secondary" onClick={() => navigator.clipboard?.writeText(encodeOffer(stored))}>
          Copy
        </button>
        {published === false && onPublish && (
          <button className="secondary" data-testid="offer-publish" onClick={onPublish}>
            Publish
          </button>
        )}
        {status?.cancellable && account === stored.offer.buyer && (
          <button
            className="secondary"
            data-testid="offer-cancel"
            onClick={() =>
              run("Cancel offer", (o) =>
                cancelOrder(walletClient!, { contracts, kind: "offer", order: stored.offer, ...o }),
              )
            }
          >
            Cancel
          </button>
        )}
        {status?.fillable && account && account !== stored.offer.buyer && mine.length > 0 && (
          <span className="inline-form">
            <select value={positionText} onChange={(e) => setPositionText(e.target.value)} data-testid="offer-position">
              {mine.map((p) => (
                <option key={p.positionId.toString()} value={p.positionId.toString()}>
                  #{p.positionId.toString()} ({p.shares.toString()})
                </option>
              ))}
            </select>
            <input
              value={sharesText}
              placeholder={remaining.toString()}
              onChange={(e) => setSharesText(e.target.value)}
              data-testid="offer-fill-shares"
              aria-label="shares to sell"
            />
            <button
              disabled={!fill}
              data-testid="offer-fill"
              onClick={() =>
                run(`Sell ${fill!.shares} shares to an offer`, (o) =>
                  fillOffer(walletClient!, {
                    contracts,
                    offer: stored.offer,
                    signature: stored.signature,
                    ...fill!,
                    ...o,
                  }),
                )
              }
            >
              Sell
            </button>
            {problem && sharesText && <span className="error">{problem}</span>}
          </span>
        )}
      </td>
    </tr>
  );
}

/** An offer kept in this browser, its state read from the chain (no relay, or one that does not hold it). */
function ChainOfferRow(props: {
  stored: StoredOffer;
  rig?: RigInfo;
  held: HeldPosition[];
  published?: boolean;
  onPublish?(): void;
}) {
  const { contracts } = useProtocol();
  const { stored } = props;
  const now = useChainNow();
  const { data: state } = useChainQuery(
    ({ publicClient }) =>
      getOrderState(publicClient, {
        contracts,
        orderHash: stored.orderHash,
        maker: stored.offer.buyer,
        counter: stored.offer.counter,
      }),
    [stored.orderHash],
  );
  let status: OfferStatus | undefined;
  if (state) {
    const name =
      state.cancelled || state.voided
        ? "cancelled"
        : now !== undefined && now > stored.offer.expiry
          ? "expired"
          : state.filled >= stored.offer.maxShares
            ? "filled"
            : "open";
    status = { name, filled: state.filled, fillable: name === "open", cancellable: name === "open" };
  }
  return <OfferRow {...props} status={status} />;
}

function relayStatus(entry: RelayOrder): OfferStatus {
  const live = entry.status === "open" || entry.status === "partial";
  return {
    name: entry.status,
    filled: entry.filled,
    fillable: live && entry.remaining > 0n,
    cancellable: live || entry.status === "unfillable",
    ...(entry.reason ? { detail: entry.reason.replaceAll("_", " ") } : {}),
  };
}

export function Offers({ rigs }: { rigs: RigInfo[] }) {
  const { chain, contracts, walletClient, relayUrl } = useProtocol();
  const { run } = useTx();
  const market = contracts.market!;
  const account = walletClient?.account.address;
  // The account's positions, to sell into offers for their rigs.
  const held = usePortfolio(account).data?.positions ?? [];
  // Kept in this browser: every offer seen (no relay), or those the relay has not taken (with one).
  const [local, setLocal] = useState<StoredOffer[]>(() => loadOffers(chain.chainId, market));
  // Offers saved by another tab of this browser.
  useEffect(() => {
    const onStorage = () => setLocal(loadOffers(chain.chainId, market));
    window.addEventListener("storage", onStorage);
    return () => window.removeEventListener("storage", onStorage);
  }, [chain.chainId, market]);
  const relay = useRelayOffers(relayUrl, account, local);
  const [importText, setImportText] = useState("");
  const [importProblem, setImportProblem] = useState<string>();
  const byId = useMemo(() => new Map(rigs.map((r) => [r.rigId, r])), [rigs]);

  /** Keeps the offer here, then (with a relay) publishes it and forgets it once the relay holds it. */
  const keep = async (stored: StoredOffer) => {
    setLocal(saveOffer(chain.chainId, market, stored));
    if (!relayUrl) return;
    try {
      await publishOffer(relayUrl, stored, { chainId: chain.chainId, market });
    } catch (e) {
      // Already in the book: nothing to keep, but say so.
      if (isDuplicate(e)) setLocal(removeOffer(chain.chainId, market, stored.orderHash));
      throw e;
    }
    setLocal(removeOffer(chain.chainId, market, stored.orderHash));
  };

  const relayed = relay.offers ?? [];
  const relayedHashes = new Set(relayed.map((o) => o.orderHash.toLowerCase()));
  // With a relay, the offers kept here that it does not hold (all of them while it cannot be read).
  const unpublished = relayUrl
    ? local.filter(
        (o) =>
          !relayedHashes.has(o.orderHash.toLowerCase()) &&
          (relay.unknown.has(o.orderHash.toLowerCase()) || relay.offers === undefined || relay.error !== undefined),
      )
    : local;
  const empty = relayed.length === 0 && unpublished.length === 0;
  return (
    <Card title="Offers" testId="offers">
      {relayUrl ? (
        <p className="muted" data-testid="offers-source">
          Offers are published to the order relay ({relayUrl}): anyone using it sees them and can sell into them.
        </p>
      ) : (
        <p className="muted" data-testid="offers-source">
          No order relay is configured for this network: offers are kept in this browser only. Pass them on with Copy
          and Import.
        </p>
      )}
      <NeedsWallet what="make an offer">
        <MakeOffer rigs={rigs} onSigned={keep} />
      </NeedsWallet>
      {relayUrl && relay.error !== undefined && (
        <div data-testid="offers-relay-error">
          <ReadError error={relay.error} />
        </div>
      )}
      {relayUrl && relay.offers === undefined && relay.error === undefined ? (
        <p className="muted">Loading the relay's offers…</p>
      ) : empty ? (
        <p className="muted">{relayUrl ? "No offer on the relay yet." : "No offer seen in this browser yet."}</p>
      ) : (
        <TableScroll>
          <table>
            <thead>
              <tr>
                <th>Rig</th>
                <th>Buyer</th>
                <th>Shares left</th>
                <th>Price / share</th>
                <th>Expires</th>
                <th>Status</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {relayed.map((entry) => {
                const stored = storedOfRelay(entry);
                return (
                  <OfferRow
                    key={entry.orderHash}
                    stored={stored}
                    status={relayStatus(entry)}
                    rig={byId.get(stored.offer.rigId)}
                    held={held}
                    published
                  />
                );
              })}
              {unpublished.map((o) => (
                <ChainOfferRow
                  key={o.orderHash}
                  stored={o}
                  rig={byId.get(o.offer.rigId)}
                  held={held}
                  {...(relayUrl
                    ? { published: false, onPublish: () => void run("Publish offer to the relay", () => keep(o)) }
                    : {})}
                />
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <div className="action-form">
        <Field
          label={
            relayUrl ? "Publish an offer someone sent you (or a CLI offer file)" : "Import an offer someone sent you"
          }
          value={importText}
          onChange={setImportText}
          placeholder='{"offer":…}'
          testId="offer-import-text"
        />
        <button
          className="secondary"
          disabled={!importText}
          data-testid="offer-import"
          onClick={() => {
            let stored: StoredOffer;
            try {
              stored = decodeOffer(importText);
            } catch (e) {
              setImportProblem((e as Error).message);
              return;
            }
            setImportText("");
            setImportProblem(undefined);
            if (relayUrl) void run("Publish imported offer to the relay", () => keep(stored));
            else void keep(stored);
          }}
        >
          {relayUrl ? "Publish" : "Import"}
        </button>
        {importProblem && <p className="error">{importProblem}</p>}
      </div>
    </Card>
  );
}
