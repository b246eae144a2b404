// Signed offers: a buyer signs an offer for shares of a rig (approving the payment token first when
// needed); any holder of that rig sells into it. The offers seen in this browser are listed with their
// on-chain fill state, and can be exported and imported as text (market/offerCodec.ts).
import { useEffect, useMemo, useState } from "react";

import { cancelOrder } from "../../../sdk/actions/cancelOrder.js";
import { fillOffer } from "../../../sdk/actions/fillOffer.js";
import { getOrderState } from "../../../sdk/actions/getOrderState.js";
import type { RigInfo } from "../../../sdk/actions/getRig.js";
import { signOffer } from "../../../sdk/actions/signOffer.js";
import { parseDecimal, parseInteger } from "../../../sdk/decimal.js";
import { formatTime, formatToken, shortAddress } from "../format.js";
import { type StoredOffer, decodeOffer, encodeOffer, loadOffers, saveOffer } from "../market/offerBook.js";
import { expiryFromDays, parseInputs } from "../parse.js";
import { useChainNow, useProtocol } from "../protocol/ProtocolContext.js";
import { useChainQuery } from "../protocol/useChainQuery.js";
import { type HeldPosition, usePortfolio } from "../protocol/usePortfolio.js";
import { useToken } from "../protocol/useToken.js";
import { useTx } from "../tx/TxContext.js";
import { Card, Field, NeedsWallet } from "./ui.js";

function MakeOffer({ rigs, onSigned }: { rigs: RigInfo[]; onSigned(o: StoredOffer): void }) {
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
      <Field label="Open for" value={days} onChange={setDays} suffix="days" />
      {problem && price && <p className="error">{problem}</p>}
      <button
        disabled={!value}
        data-testid="offer-submit"
        onClick={async () => {
          const signed = await run(`Offer for ${value!.maxShares} shares of ${rig!.name}`, (o) =>
            signOffer(walletClient!, { contracts, ...value!, ...o }),
          );
          if (signed) onSigned({ offer: signed.offer, signature: signed.signature, orderHash: signed.orderHash });
        }}
      >
        Sign offer
      </button>
    </div>
  );
}

function OfferRow({ stored, rig, held }: { stored: StoredOffer; rig?: RigInfo; held: HeldPosition[] }) {
  const { walletClient, contracts } = useProtocol();
  const { run } = useTx();
  const payment = useToken(stored.offer.paymentToken);
  const account = walletClient?.account.address;
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
  const mine = held.filter((p) => p.rigId === stored.offer.rigId && !p.rental.active);
  const [positionText, setPositionText] = useState("");
  const [sharesText, setSharesText] = useState("");
  const now = useChainNow();
  const remaining = stored.offer.maxShares - (state?.filled ?? 0n);
  const status = !state
    ? "…"
    : state.cancelled || state.voided
      ? "cancelled"
      : now !== undefined && now > stored.offer.expiry
        ? "expired"
        : remaining === 0n
          ? "filled"
          : "open";
  const { value: fill, problem } = parseInputs(() => ({
    positionId: BigInt(positionText || mine[0]?.positionId || 0n),
    shares: parseInteger(sharesText || remaining.toString(), "shares"),
  }));
  return (
    <tr data-testid="offer-row" data-status={status}>
      <td>{rig?.name}</td>
      <td title={stored.offer.buyer}>{account === stored.offer.buyer ? "you" : shortAddress(stored.offer.buyer)}</td>
      <td>
        {remaining.toString()} of {stored.offer.maxShares.toString()}
      </td>
      <td>{formatToken(stored.offer.pricePerShare, payment)}</td>
      <td>{formatTime(stored.offer.expiry)}</td>
      <td data-testid="offer-status">{status}</td>
      <td>
        <button className="secondary" onClick={() => navigator.clipboard?.writeText(encodeOffer(stored))}>
          Copy
        </button>
        {status === "open" && account === stored.offer.buyer && (
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
        {status === "open" && account && account !== stored.offer.buyer && mine.length > 0 && (
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

export function Offers({ rigs }: { rigs: RigInfo[] }) {
  const { chain, contracts, walletClient } = useProtocol();
  const market = contracts.market!;
  // The account's positions, to sell into offers for their rigs.
  const held = usePortfolio(walletClient?.account.address).data?.positions ?? [];
  const [offers, setOffers] = useState<StoredOffer[]>(() => loadOffers(chain.chainId, market));
  // Offers saved by another tab of this browser.
  useEffect(() => {
    const onStorage = () => setOffers(loadOffers(chain.chainId, market));
    window.addEventListener("storage", onStorage);
    return () => window.removeEventListener("storage", onStorage);
  }, [chain.chainId, market]);
  const [importText, setImportText] = useState("");
  const [importProblem, setImportProblem] = useState<string>();
  const byId = useMemo(() => new Map(rigs.map((r) => [r.rigId, r])), [rigs]);
  return (
    <Card title="Offers" testId="offers">
      <NeedsWallet what="make an offer">
        <MakeOffer rigs={rigs} onSigned={(o) => setOffers(saveOffer(chain.chainId, market, o))} />
      </NeedsWallet>
      {offers.length === 0 ? (
        <p className="muted">No offer seen in this browser yet.</p>
      ) : (
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
            {offers.map((o) => (
              <OfferRow key={o.orderHash} stored={o} rig={byId.get(o.offer.rigId)} held={held} />
            ))}
          </tbody>
        </table>
      )}
      <div className="action-form">
        <Field
          label="Import an offer someone sent you"
          value={importText}
          onChange={setImportText}
          placeholder='{"offer":…}'
        />
        <button
          className="secondary"
          disabled={!importText}
          onClick={() => {
            try {
              setOffers(saveOffer(chain.chainId, market, decodeOffer(importText)));
              setImportText("");
              setImportProblem(undefined);
            } catch (e) {
              setImportProblem((e as Error).message);
            }
          }}
        >
          Import
        </button>
        {importProblem && <p className="error">{importProblem}</p>}
      </div>
    </Card>
  );
}
