// The holder's page: every position with its rewards ticking live between blocks (computed client-side
// from the rig's stream with the SDK's accrual math, equal to the contract's to the wei), the actions on
// it, the rentals the account runs as a renter, and settled balances.
import { useState } from "react";

import { cancelListing } from "../../../sdk/actions/cancelListing.js";
import { cancelRentalListing } from "../../../sdk/actions/cancelRentalListing.js";
import { claim } from "../../../sdk/actions/claim.js";
import { claimBalance } from "../../../sdk/actions/claimBalance.js";
import { pendingRewardAt, pendingSplitAt } from "../../../sdk/accrual.js";
import { ExportCsv } from "../components/ExportCsv.js";
import { PortfolioCharts } from "../components/charts/PortfolioCharts.js";
import { ListForRentForm, ListForSaleForm, MergeForm, SplitForm, TransferForm } from "../components/ActionForms.js";
import { Badge, Card, Loading, NeedsWallet, ReadError } from "../components/ui.js";
import { formatTime, formatToken, shortAddress } from "../format.js";
import { useChainNow, useProtocol } from "../protocol/ProtocolContext.js";
import { type HeldPosition, type RentedPosition, usePortfolio } from "../protocol/usePortfolio.js";
import { useToken } from "../protocol/useToken.js";
import { useTx } from "../tx/TxContext.js";

type Mode = "split" | "merge" | "transfer" | "sell" | "rent";
const MODES: { mode: Mode; label: string }[] = [
  { mode: "split", label: "Split" },
  { mode: "merge", label: "Merge" },
  { mode: "transfer", label: "Transfer" },
  { mode: "sell", label: "List for sale" },
  { mode: "rent", label: "List for rent" },
];

/** The owner's part of a position's pending rewards at chain time `now`. */
/**
 * The owner's and the renter's parts of a position's pending rewards at chain time `now`. After a rental
 * ended, the renter's part is fixed (read from the contract) and everything else accrues to the owner.
 */
function ownerPending(p: HeldPosition, now: bigint): { owner: bigint; renter: bigint } {
  const split = pendingSplitAt(p, p.rig.stream, { user: p.rental.renter, expires: p.rental.expires }, now);
  if (split) return { owner: split.ownerPart, renter: split.renterPart };
  const renter = p.endedRentalSplit?.renterPart ?? 0n;
  const total = pendingRewardAt(p, p.rig.stream, now);
  return { owner: total > renter ? total - renter : 0n, renter };
}

function PositionCard({ position, all, now }: { position: HeldPosition; all: HeldPosition[]; now: bigint }) {
  const { walletClient, contracts } = useProtocol();
  const { run } = useTx();
  const payout = useToken(position.rig.payoutToken);
  const payment = useToken(position.rig.paymentToken);
  const [mode, setMode] = useState<Mode>();
  const pending = ownerPending(position, now);
  const rented = position.rental.active;
  const id = position.positionId;
  const locked = rented
    ? "rented positions cannot be split, merged, moved or re-listed until the rental ends"
    : undefined;
  return (
    <Card
      testId={`position-${id}`}
      title={
        <>
          #{id.toString()} · {position.rig.name}
        </>
      }
    >
      <div className="stats">
        <div className="stat">
          <span className="stat-label">Shares</span>
          <span className="stat-value" data-testid="position-shares">
            {position.shares.toString()}
          </span>
        </div>
        <div className="stat">
          <span className="stat-label">Rewards</span>
          <span className="stat-value live" data-testid="position-pending" data-raw={pending.owner.toString()}>
            {formatToken(pending.owner, payout)}
          </span>
        </div>
      </div>
      {rented && (
        <p data-testid="position-rented">
          <Badge tone="info">rented</Badge> to {shortAddress(position.rental.user)} until{" "}
          {formatTime(position.rental.expires)}; the renter earns {formatToken(pending.renter, payout)} so far.
        </p>
      )}
      {position.listing && (
        <p data-testid="position-listing">
          <Badge
            tone={position.listing.status === "live" ? "good" : "warn"}
          >{`for sale: ${position.listing.status}`}</Badge>{" "}
          {position.listing.shares.toString()} shares at {formatToken(position.listing.pricePerShare, payment)} each
          <button
            className="secondary"
            data-testid="cancel-listing"
            onClick={() =>
              run(`Cancel listing of #${id}`, (o) => cancelListing(walletClient!, { contracts, positionId: id, ...o }))
            }
          >
            Cancel listing
          </button>
        </p>
      )}
      {position.rentalListing && (
        <p data-testid="position-rental-listing">
          <Badge
            tone={position.rentalListing.status === "live" ? "good" : "info"}
          >{`for rent: ${position.rentalListing.status}`}</Badge>{" "}
          {formatToken(position.rentalListing.pricePerDay, payment)} per day
          <button
            className="secondary"
            data-testid="cancel-rental-listing"
            onClick={() =>
              run(`Cancel rental listing of #${id}`, (o) =>
                cancelRentalListing(walletClient!, { contracts, positionId: id, ...o }),
              )
            }
          >
            Cancel
          </button>
        </p>
      )}
      <div className="actions">
        <button
          data-testid="claim"
          onClick={() => run(`Claim #${id}`, (o) => claim(walletClient!, { contracts, positionIds: [id], ...o }))}
        >
          Claim
        </button>
        {MODES.map((m) => (
          <button
            key={m.mode}
            className={mode === m.mode ? "secondary active" : "secondary"}
            onClick={() => setMode(mode === m.mode ? undefined : m.mode)}
            data-testid={`mode-${m.mode}`}
          >
            {m.label}
          </button>
        ))}
      </div>
      {mode && locked && mode !== "sell" && <p className="muted">Note: {locked}.</p>}
      {mode === "split" && <SplitForm position={position} />}
      {mode === "merge" && <MergeForm position={position} others={all} />}
      {mode === "transfer" && <TransferForm position={position} />}
      {mode === "sell" && <ListForSaleForm position={position} now={now} />}
      {mode === "rent" && <ListForRentForm position={position} now={now} />}
    </Card>
  );
}

function RentalCard({ rental, now }: { rental: RentedPosition; now: bigint }) {
  const { walletClient, contracts } = useProtocol();
  const { run } = useTx();
  const payout = useToken(rental.rig.payoutToken);
  const split = pendingSplitAt(rental.position, rental.stream, { user: rental.renter, expires: rental.expires }, now);
  const earned = split?.renterPart ?? 0n;
  return (
    <Card
      testId={`rental-${rental.positionId}`}
      title={
        <>
          Renting #{rental.positionId.toString()} · {rental.rig.name}
        </>
      }
    >
      <p>
        Your window: until {formatTime(rental.expires)} ({rental.position.shares.toString()} shares).
      </p>
      <p>
        Earned in your window: <strong data-testid="rental-earned">{formatToken(earned, payout)}</strong>
      </p>
      <button
        data-testid="rental-claim"
        onClick={() =>
          run(`Claim rental #${rental.positionId}`, (o) =>
            claim(walletClient!, { contracts, positionIds: [rental.positionId], ...o }),
          )
        }
      >
        Claim
      </button>
    </Card>
  );
}

function Balance({ token, settled, wallet }: { token: `0x${string}`; settled: bigint; wallet: bigint }) {
  const { walletClient, contracts } = useProtocol();
  const { run } = useTx();
  const meta = useToken(token);
  return (
    <p>
      In your wallet:{" "}
      <strong data-testid="wallet-balance" data-raw={wallet.toString()}>
        {formatToken(wallet, meta)}
      </strong>{" "}
      · settled and claimable: <span data-testid="settled-balance">{formatToken(settled, meta)}</span>{" "}
      {settled > 0n && (
        <button
          className="secondary"
          onClick={() =>
            run(`Claim ${meta?.symbol ?? ""} balance`, (o) => claimBalance(walletClient!, { contracts, token, ...o }))
          }
        >
          Claim balance
        </button>
      )}
    </p>
  );
}

function Holdings() {
  const { walletClient, contracts } = useProtocol();
  const { run } = useTx();
  const now = useChainNow();
  const { data, error } = usePortfolio(walletClient?.account.address);
  if (!data || now === undefined) return error ? <ReadError error={error} /> : <Loading what="your positions" />;
  const claimable = data.positions.filter((p) => !p.rental.active).map((p) => p.positionId);
  return (
    <>
      <ReadError error={error} />
      <div className="toolbar">
        <button
          disabled={claimable.length === 0}
          data-testid="claim-all"
          onClick={() =>
            run(`Claim ${claimable.length} positions`, (o) =>
              claim(walletClient!, { contracts, positionIds: claimable, ...o }),
            )
          }
        >
          Claim all
        </button>
        {data.balances.map((b) => (
          <Balance key={b.token} {...b} />
        ))}
      </div>
      {data.positions.length === 0 && (
        <p className="muted" data-testid="no-positions">
          You hold no position yet: mint one from a rig's page or buy one on the market.
        </p>
      )}
      <div className="grid">
        {data.positions.map((p) => (
          <PositionCard key={p.positionId.toString()} position={p} all={data.positions} now={now} />
        ))}
      </div>
      {data.rentals.length > 0 && <h2>Rentals you run</h2>}
      <div className="grid">
        {data.rentals.map((r) => (
          <RentalCard key={r.positionId.toString()} rental={r} now={now} />
        ))}
      </div>
      <ExportCsv account={walletClient!.account.address} />
    </>
  );
}

function AccountCharts() {
  const { walletClient } = useProtocol();
  return walletClient ? <PortfolioCharts account={walletClient.account.address} /> : null;
}

export function PortfolioView() {
  return (
    <>
      <h1>Portfolio</h1>
      <NeedsWallet what="see your positions">
        <Holdings />
        <AccountCharts />
      </NeedsWallet>
    </>
  );
}
