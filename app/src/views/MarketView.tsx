// The secondary market: positions for sale (buy all or part), positions for rent, signed offers (make one
// for shares of a rig; a holder of that rig fills it) and the proceeds waiting for the account.
import { useEffect, useMemo, useState } from "react";
import type { Address } from "viem";

import { buyShares } from "../../../sdk/actions/buyShares.js";
import { cancelOrder } from "../../../sdk/actions/cancelOrder.js";
import { fillOffer } from "../../../sdk/actions/fillOffer.js";
import type { GetListingReturnType } from "../../../sdk/actions/getListing.js";
import { getMarketListings } from "../../../sdk/actions/getMarketListings.js";
import { getOrderState } from "../../../sdk/actions/getOrderState.js";
import type { GetRentalListingReturnType } from "../../../sdk/actions/getRentalListing.js";
import type { RigInfo } from "../../../sdk/actions/getRig.js";
import { getRigs } from "../../../sdk/actions/getRigs.js";
import { rentPosition } from "../../../sdk/actions/rentPosition.js";
import { signOffer } from "../../../sdk/actions/signOffer.js";
import { getMarketProceeds, withdrawMarketProceeds } from "../../../sdk/actions/withdrawMarketProceeds.js";
import { parseDecimal, parseInteger } from "../../../sdk/decimal.js";
import { decodePositionId } from "../../../sdk/positionId.js";
import { Card, Field, Loading, NeedsWallet, ReadError } from "../components/ui.js";
import { formatTime, formatToken, shortAddress } from "../format.js";
import { type StoredOffer, decodeOffer, encodeOffer, loadOffers, saveOffer } from "../market/offerBook.js";
import { useChainNow, useProtocol } from "../protocol/ProtocolContext.js";
import { useChainQuery } from "../protocol/useChainQuery.js";
import { type HeldPosition, usePortfolio } from "../protocol/usePortfolio.js";
import { useToken } from "../protocol/useToken.js";
import { useTx } from "../tx/TxContext.js";
import { parseInputs } from "../parse.js";

const DAY = 86_400n;

function ListingRow({ listing, rig }: { listing: GetListingReturnType; rig?: RigInfo }) {
  const { walletClient, contracts } = useProtocol();
  const { run } = useTx();
  const payment = useToken(listing.paymentToken);
  const [text, setText] = useState(listing.shares.toString());
  const { value: shares, problem } = parseInputs(() => parseInteger(text, "shares"));
  const own = walletClient?.account.address === listing.seller;
  const cost = shares !== undefined ? shares * listing.pricePerShare : undefined;
  return (
    <tr data-testid={`listing-${listing.positionId}`}>
      <td>#{listing.positionId.toString()}</td>
      <td>{rig?.name}</td>
      <td title={listing.seller}>{own ? "you" : shortAddress(listing.seller)}</td>
      <td data-testid="listing-shares">{listing.shares.toString()}</td>
      <td>{formatToken(listing.pricePerShare, payment)}</td>
      <td>{listing.minFill.toString()}</td>
      <td>
        {!own && walletClient && (
          <span className="inline-form">
            <input
              value={text}
              onChange={(e) => setText(e.target.value)}
              data-testid="buy-shares"
              aria-label="shares to buy"
            />
            <button
              disabled={shares === undefined}
              data-testid="buy-submit"
              onClick={() =>
                run(`Buy ${shares} shares of #${listing.positionId}`, (o) =>
                  buyShares(walletClient, {
                    contracts,
                    positionId: listing.positionId,
                    shares: shares!,
                    maxPricePerShare: listing.pricePerShare,
                    ...o,
                  }),
                )
              }
            >
              {shares === listing.shares ? "Buy all" : "Buy"}
            </button>
            {cost !== undefined && <span className="muted"> {formatToken(cost, payment)}</span>}
            {problem && text && <span className="error">{problem}</span>}
          </span>
        )}
        {own && <span className="muted">your listing (cancel from the portfolio)</span>}
      </td>
    </tr>
  );
}

function RentalRow({ listing, rig }: { listing: GetRentalListingReturnType; rig?: RigInfo }) {
  const { walletClient, contracts } = useProtocol();
  const { run } = useTx();
  const payment = useToken(listing.paymentToken);
  const [text, setText] = useState(listing.minDays.toString());
  const { value: days, problem } = parseInputs(() => parseInteger(text, "days"));
  const own = walletClient?.account.address === listing.owner;
  return (
    <tr data-testid={`rental-listing-${listing.positionId}`}>
      <td>#{listing.positionId.toString()}</td>
      <td>{rig?.name}</td>
      <td title={listing.owner}>{own ? "you" : shortAddress(listing.owner)}</td>
      <td>{formatToken(listing.pricePerDay, payment)}</td>
      <td>
        {listing.minDays.toString()}–{listing.maxDays.toString()} days
      </td>
      <td>
        {!own && walletClient && (
          <span className="inline-form">
            <input value={text} onChange={(e) => setText(e.target.value)} data-testid="rent-days" aria-label="days" />
            <button
              disabled={days === undefined}
              data-testid="rent-submit"
              onClick={() =>
                run(`Rent #${listing.positionId} for ${days} days`, (o) =>
                  rentPosition(walletClient, {
                    contracts,
                    positionId: listing.positionId,
                    days: days!,
                    maxPricePerDay: listing.pricePerDay,
                    ...o,
                  }),
                )
              }
            >
              Rent
            </button>
            {days !== undefined && <span className="muted"> {formatToken(days * listing.pricePerDay, payment)}</span>}
            {problem && text && <span className="error">{problem}</span>}
          </span>
        )}
      </td>
    </tr>
  );
}

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
      expiry: (now ?? 0n) + parseInteger(days, "days open") * DAY,
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

function Offers({ rigs }: { rigs: RigInfo[] }) {
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

function Proceeds({ tokens }: { tokens: Address[] }) {
  const { walletClient, contracts } = useProtocol();
  const { run } = useTx();
  const account = walletClient?.account.address;
  const { data } = useChainQuery(
    ({ publicClient }) =>
      account
        ? Promise.all(
            tokens.map(async (token) => ({
              token,
              amount: await getMarketProceeds(publicClient, { contracts, account, token }),
            })),
          )
        : Promise.resolve([]),
    [account, tokens.join()],
  );
  const owed = (data ?? []).filter((p) => p.amount > 0n);
  if (owed.length === 0) return null;
  return (
    <Card title="Your market proceeds" testId="market-proceeds">
      {owed.map((p) => (
        <ProceedsLine
          key={p.token}
          {...p}
          onWithdraw={() =>
            run("Withdraw proceeds", (o) => withdrawMarketProceeds(walletClient!, { contracts, token: p.token, ...o }))
          }
        />
      ))}
    </Card>
  );
}

function ProceedsLine({ token, amount, onWithdraw }: { token: Address; amount: bigint; onWithdraw(): void }) {
  const meta = useToken(token);
  return (
    <p>
      {formatToken(amount, meta)}{" "}
      <button onClick={onWithdraw} data-testid="withdraw-proceeds">
        Withdraw
      </button>
    </p>
  );
}

export function MarketView() {
  const { chain, contracts } = useProtocol();
  const { data, error } = useChainQuery(async ({ publicClient, contracts }) => {
    const [rigs, market] = await Promise.all([
      getRigs(publicClient, { contracts }),
      contracts.market ? getMarketListings(publicClient, { contracts }) : undefined,
    ]);
    return { rigs, market };
  }, []);
  const rigOf = (positionId: bigint) => data?.rigs.find((r) => r.rigId === decodePositionId(positionId).rigId);
  if (!data) return error ? <ReadError error={error} /> : <Loading what="the market" />;
  if (!data.market) return <p className="muted">This deployment has no share market.</p>;
  return (
    <>
      <h1>Market</h1>
      <Proceeds tokens={[...new Set(data.rigs.map((r) => r.paymentToken))]} />
      <Card title="For sale" testId="listings">
        {data.market.listings.length === 0 ? (
          <p className="muted">Nothing is listed for sale.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th>Position</th>
                <th>Rig</th>
                <th>Seller</th>
                <th>Shares</th>
                <th>Price / share</th>
                <th>Smallest fill</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {data.market.listings.map((l) => (
                <ListingRow key={l.positionId.toString()} listing={l} rig={rigOf(l.positionId)} />
              ))}
            </tbody>
          </table>
        )}
      </Card>
      <Card title="For rent" testId="rental-listings">
        {data.market.rentalListings.length === 0 ? (
          <p className="muted">Nothing is listed for rent.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th>Position</th>
                <th>Rig</th>
                <th>Owner</th>
                <th>Price / day</th>
                <th>Length</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {data.market.rentalListings.map((l) => (
                <RentalRow key={l.positionId.toString()} listing={l} rig={rigOf(l.positionId)} />
              ))}
            </tbody>
          </table>
        )}
      </Card>
      {/* Keyed by chain and market: another deployment has its own offers. */}
      <Offers key={`${chain.chainId}:${contracts.market}`} rigs={data.rigs} />
    </>
  );
}
