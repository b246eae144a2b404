// The secondary market: positions for sale (buy all or part), positions for rent, signed offers (make one
// for shares of a rig; a holder of that rig fills it: components/Offers.tsx) and the proceeds waiting for
// the account.
import { useState } from "react";
import type { Address } from "viem";

import { buyShares } from "../../../sdk/actions/buyShares.js";
import type { GetListingReturnType } from "../../../sdk/actions/getListing.js";
import { getMarketListings } from "../../../sdk/actions/getMarketListings.js";
import type { GetRentalListingReturnType } from "../../../sdk/actions/getRentalListing.js";
import type { RigInfo } from "../../../sdk/actions/getRig.js";
import { getRigs } from "../../../sdk/actions/getRigs.js";
import { rentPosition } from "../../../sdk/actions/rentPosition.js";
import { getMarketProceeds, withdrawMarketProceeds } from "../../../sdk/actions/withdrawMarketProceeds.js";
import { parseInteger } from "../../../sdk/decimal.js";
import { decodePositionId } from "../../../sdk/positionId.js";
import { Offers } from "../components/Offers.js";
import { SignedListings } from "../components/SignedListings.js";
import { Card, Loading, ReadError, TableScroll } from "../components/ui.js";
import { MarketCharts } from "../components/charts/MarketCharts.js";
import { formatToken, shortAddress } from "../format.js";
import { useProtocol } from "../protocol/ProtocolContext.js";
import { useChainQuery } from "../protocol/useChainQuery.js";
import { useToken } from "../protocol/useToken.js";
import { useTx } from "../tx/TxContext.js";
import { parseInputs } from "../parse.js";

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
  const { data, error } = useChainQuery(async ({ publicClient, contracts, indexer }) => {
    const [rigs, market] = await Promise.all([
      getRigs(publicClient, { contracts }),
      contracts.market ? getMarketListings(publicClient, { contracts, indexer }) : undefined,
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
          <TableScroll>
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
          </TableScroll>
        )}
      </Card>
      <Card title="For rent" testId="rental-listings">
        {data.market.rentalListings.length === 0 ? (
          <p className="muted">Nothing is listed for rent.</p>
        ) : (
          <TableScroll>
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
          </TableScroll>
        )}
      </Card>
      <MarketCharts rigs={data.rigs} listings={data.market.listings} />
      {/* Keyed by chain and market: another deployment has its own offers. */}
      <Offers key={`${chain.chainId}:${contracts.market}`} rigs={data.rigs} />
      <SignedListings key={`listings:${chain.chainId}:${contracts.market}`} rigs={data.rigs} />
    </>
  );
}
