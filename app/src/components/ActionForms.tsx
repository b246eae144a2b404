// The forms behind a position's actions: split, merge, transfer, list for sale and list for rent. Each
// parses its inputs with the SDK's parsers (exact decimals, whole numbers), shows why an input is wrong
// before anything is sent, and hands the SDK action to `useTx().run`.
import { useState } from "react";
import { type Address, isAddress } from "viem";

import { getMarketFee } from "../../../sdk/actions/getMarketFee.js";
import { listForRent } from "../../../sdk/actions/listForRent.js";
import { listPosition } from "../../../sdk/actions/listPosition.js";
import { merge } from "../../../sdk/actions/merge.js";
import { split } from "../../../sdk/actions/split.js";
import { transfer } from "../../../sdk/actions/transfer.js";
import { parseDecimal, parseInteger } from "../../../sdk/decimal.js";
import { formatBps, formatTime } from "../format.js";
import { useProtocol } from "../protocol/ProtocolContext.js";
import { useChainQuery } from "../protocol/useChainQuery.js";
import type { HeldPosition } from "../protocol/usePortfolio.js";
import { useToken } from "../protocol/useToken.js";
import { useTx } from "../tx/TxContext.js";
import { Field } from "./ui.js";
import { expiryFromDays, parseInputs } from "../parse.js";

export function Submit({
  label,
  problem,
  onClick,
  testId,
}: {
  label: string;
  problem?: string;
  onClick(): void;
  testId: string;
}) {
  return (
    <>
      {problem && <p className="error">{problem}</p>}
      <button disabled={problem !== undefined} onClick={onClick} data-testid={testId}>
        {label}
      </button>
    </>
  );
}

export function SplitForm({ position }: { position: HeldPosition }) {
  const { walletClient, contracts } = useProtocol();
  const { run } = useTx();
  const [text, setText] = useState("");
  const { value: shares, problem } = parseInputs(() => {
    const s = parseInteger(text, "shares");
    if (s >= position.shares) throw new Error(`split off fewer than the position's ${position.shares} shares`);
    return s;
  });
  return (
    <div className="action-form">
      <Field label="Shares to split off" value={text} onChange={setText} testId="split-shares" />
      <Submit
        label="Split"
        problem={text ? problem : "enter a number of shares"}
        testId="split-submit"
        onClick={() =>
          run(`Split ${shares} shares off #${position.positionId}`, (o) =>
            split(walletClient!, { contracts, positionId: position.positionId, shares: shares!, ...o }),
          )
        }
      />
    </div>
  );
}

export function MergeForm({ position, others }: { position: HeldPosition; others: HeldPosition[] }) {
  const { walletClient, contracts } = useProtocol();
  const { run } = useTx();
  const candidates = others.filter((o) => o.rigId === position.rigId && o.positionId !== position.positionId);
  const [burned, setBurned] = useState("");
  if (candidates.length === 0) return <p className="muted">You hold no other position of this rig to merge.</p>;
  const burnedId = burned ? BigInt(burned) : undefined;
  return (
    <div className="action-form">
      <label className="field">
        <span>Merge into #{position.positionId.toString()}</span>
        <select value={burned} onChange={(e) => setBurned(e.target.value)} data-testid="merge-select">
          <option value="">choose a position</option>
          {candidates.map((c) => (
            <option key={c.positionId.toString()} value={c.positionId.toString()}>
              #{c.positionId.toString()} ({c.shares.toString()} shares)
            </option>
          ))}
        </select>
      </label>
      <Submit
        label="Merge"
        problem={burnedId === undefined ? "choose the position to merge in" : undefined}
        testId="merge-submit"
        onClick={() =>
          run(`Merge #${burnedId} into #${position.positionId}`, (o) =>
            merge(walletClient!, { contracts, keptId: position.positionId, burnedId: burnedId!, ...o }),
          )
        }
      />
    </div>
  );
}

export function TransferForm({ position }: { position: HeldPosition }) {
  const { walletClient, contracts } = useProtocol();
  const { run } = useTx();
  const [to, setTo] = useState("");
  const problem = isAddress(to) ? undefined : "enter the recipient's address (0x…)";
  return (
    <div className="action-form">
      <Field label="Recipient" value={to} onChange={setTo} placeholder="0x…" testId="transfer-to" />
      <Submit
        label="Transfer"
        problem={problem}
        testId="transfer-submit"
        onClick={() =>
          run(`Transfer #${position.positionId}`, (o) =>
            transfer(walletClient!, { contracts, positionId: position.positionId, to: to as Address, ...o }),
          )
        }
      />
    </div>
  );
}

/** The market fee a maker pays out of its proceeds, and a scheduled increase it could still avoid. */
function MarketFeeNote({ what }: { what: "sale" | "rental" }) {
  const { data: fee } = useChainQuery(({ publicClient, contracts }) => getMarketFee(publicClient, { contracts }), []);
  if (!fee) return null;
  return (
    <p className="muted" data-testid="market-fee">
      Market fee: {formatBps(fee.feeBps)} of each {what}
      {what === "sale" ? ", plus the rig's royalty," : ""} taken from your proceeds.
      {fee.pending && (
        <strong className="warn" data-testid="market-fee-pending">
          {" "}
          It rises to {formatBps(fee.pending.feeBps)} from {formatTime(fee.pending.effectiveAt)}: fills from then pay it
          (cancel before if you disagree).
        </strong>
      )}
    </p>
  );
}

export function ListForSaleForm({ position, now }: { position: HeldPosition; now: bigint }) {
  const { walletClient, contracts } = useProtocol();
  const { run } = useTx();
  const payment = useToken(position.rig.paymentToken);
  const [price, setPrice] = useState("");
  const [minFill, setMinFill] = useState("1");
  const [days, setDays] = useState("7");
  const { value, problem } = parseInputs(() => ({
    pricePerShare: parseDecimal(price, payment!.decimals),
    minFill: parseInteger(minFill, "smallest fill"),
    expiry: expiryFromDays(days, now),
  }));
  return (
    <div className="action-form">
      <MarketFeeNote what="sale" />
      <Field label="Price per share" value={price} onChange={setPrice} suffix={payment?.symbol} testId="list-price" />
      <Field label="Smallest fill" value={minFill} onChange={setMinFill} suffix="shares" testId="list-min-fill" />
      <Field label="Open for" value={days} onChange={setDays} suffix="days" />
      <Submit
        label={`List ${position.shares} shares`}
        problem={problem}
        testId="list-submit"
        onClick={() =>
          run(`List #${position.positionId} for sale`, (o) =>
            listPosition(walletClient!, {
              contracts,
              positionId: position.positionId,
              paymentToken: position.rig.paymentToken,
              ...value!,
              ...o,
            }),
          )
        }
      />
    </div>
  );
}

export function ListForRentForm({ position, now }: { position: HeldPosition; now: bigint }) {
  const { walletClient, contracts } = useProtocol();
  const { run } = useTx();
  const payment = useToken(position.rig.paymentToken);
  const [price, setPrice] = useState("");
  const [minDays, setMinDays] = useState("1");
  const [maxDays, setMaxDays] = useState("30");
  const [days, setDays] = useState("7");
  const { value, problem } = parseInputs(() => ({
    pricePerDay: parseDecimal(price, payment!.decimals),
    minDays: parseInteger(minDays, "shortest rental"),
    maxDays: parseInteger(maxDays, "longest rental"),
    expiry: expiryFromDays(days, now),
  }));
  return (
    <div className="action-form">
      <MarketFeeNote what="rental" />
      <Field label="Price per day" value={price} onChange={setPrice} suffix={payment?.symbol} testId="rent-price" />
      <Field label="Shortest rental" value={minDays} onChange={setMinDays} suffix="days" />
      <Field label="Longest rental" value={maxDays} onChange={setMaxDays} suffix="days" />
      <Field label="Open for" value={days} onChange={setDays} suffix="days" />
      <Submit
        label="List for rent"
        problem={problem}
        testId="list-rent-submit"
        onClick={() =>
          run(`List #${position.positionId} for rent`, (o) =>
            listForRent(walletClient!, {
              contracts,
              positionId: position.positionId,
              paymentToken: position.rig.paymentToken,
              ...value!,
              ...o,
            }),
          )
        }
      />
    </div>
  );
}
