// The operator's forms: the role notice (who grants OPERATOR_ROLE, where), registering a rig, and a rig's
// terms at the epoch funder — configured once before the first share is minted, proposed afterwards (they
// apply TERMS_DELAY later, so holders see them coming). Inputs are parsed with the SDK's exact parsers and
// checked against the contracts' own rules before anything is sent; what the chain refuses anyway comes back
// through `useTx().run` as its decoded custom error.
import { useState } from "react";
import { type Address, getAddress, isAddress } from "viem";

import { configureRig } from "../../../sdk/actions/configureRig.js";
import type { RigInfo } from "../../../sdk/actions/getRig.js";
import type { GetOperatorRoleReturnType } from "../../../sdk/actions/getOperatorRole.js";
import type { RigTerms } from "../../../sdk/actions/getRigTerms.js";
import { proposeTerms } from "../../../sdk/actions/proposeTerms.js";
import { type RigParams, registerRig } from "../../../sdk/actions/registerRig.js";
import { InvalidDecimalError, parseDecimal, parseInteger } from "../../../sdk/decimal.js";
import { ALGORITHMS, ALGORITHM_LABELS, type AlgorithmName } from "../../../sdk/types.js";
import { type TokenMeta, formatBps, formatDuration, formatTime, formatToken } from "../format.js";
import { parseInputs } from "../parse.js";
import { useChainNow, useProtocol } from "../protocol/ProtocolContext.js";
import { useToken } from "../protocol/useToken.js";
import { useTx } from "../tx/TxContext.js";
import { Submit } from "./ActionForms.js";
import { Card, Field } from "./ui.js";

const DAY = 86_400n;
/** RigShares' limits (contracts/RigShares.sol `_validate`). */
const MAX_TOTAL_SHARES = 10n ** 18n;
const MAX_ROYALTY_BPS = 1_000n;
const MAX_EPOCH_LENGTH = 2n ** 24n - 1n;
const MAX_EPOCH_PAYOUT = 2n ** 96n - 1n;
const MAX_POWER_WATTS = 2n ** 32n - 1n;
/** EpochFunder's limit on the service fee. */
const MAX_SERVICE_FEE_BPS = 3_000n;

const HASHRATE_UNITS = [
  ["kH/s", 3],
  ["MH/s", 6],
  ["GH/s", 9],
  ["TH/s", 12],
  ["PH/s", 15],
] as const;

/** A positive whole number, its error without the input echoed ("the number of shares must be at least 1"). */
function whole(text: string, what: string): bigint {
  try {
    return parseInteger(text, what);
  } catch (e) {
    throw e instanceof InvalidDecimalError ? new Error(e.reason) : e;
  }
}

/** A percentage typed by the user ("2.5") in basis points (250), at most `maxBps`. */
function parsePercent(text: string, what: string, maxBps: bigint): bigint {
  let bps: bigint;
  try {
    bps = parseDecimal(text, 2);
  } catch {
    throw new Error(`${what} must be a percentage with at most 2 decimals (e.g. 2.5)`);
  }
  if (bps > maxBps) throw new Error(`${what} must be at most ${formatBps(maxBps)}`);
  return bps;
}

function parseAmount(text: string, token: TokenMeta | undefined, what: string): bigint {
  if (!token) throw new Error(`reading the ${what} token…`);
  try {
    return parseDecimal(text, token.decimals);
  } catch {
    throw new Error(`${what} must be an amount of ${token.symbol} with at most ${token.decimals} decimals`);
  }
}

/** A token by the address book's symbol ("USDC") or by address. */
function useTokenInput(text: string): { address?: Address; meta?: TokenMeta } {
  const { chain } = useProtocol();
  const tokens = chain.addressBook.tokens ?? {};
  const bySymbol = Object.values(tokens).find((t) => t.symbol.toLowerCase() === text.trim().toLowerCase());
  const address = bySymbol
    ? getAddress(bySymbol.address)
    : isAddress(text.trim())
      ? getAddress(text.trim())
      : undefined;
  const meta = useToken(address);
  return { address, meta: meta && meta.address === address ? meta : undefined };
}

/** Without OPERATOR_ROLE: which role, on which contract, and who grants it. */
export function OperatorRoleNotice({ account, role }: { account: Address; role: GetOperatorRoleReturnType }) {
  return (
    <Card title="Registering a rig needs the operator role" testId="operator-role-missing">
      <p>
        This account (<code>{account}</code>) does not hold <code>OPERATOR_ROLE</code> on the RigShares contract at{" "}
        <code data-testid="role-contract">{role.rigShares}</code>, so it cannot register a rig.
      </p>
      <p>
        Only the protocol's admin, <code data-testid="role-admin">{role.admin}</code>, can grant it. Ask the admin to
        call <code>grantRole(OPERATOR_ROLE, {account})</code> on RigShares, where <code>OPERATOR_ROLE</code> is{" "}
        <code>keccak256(&quot;OPERATOR_ROLE&quot;)</code> = <code data-testid="role-id">{role.role}</code>; or to add
        this address to <code>operators</code> of <code>RigshareProtocolModule</code> in the deployment&apos;s
        parameters and run the deploy again (docs/DEPLOY.md).
      </p>
      <p className="muted">
        The registration form appears here as soon as the role is granted (the page follows the chain).
      </p>
    </Card>
  );
}

export function RegisterRigForm() {
  const { walletClient, contracts, chain } = useProtocol();
  const { run } = useTx();
  const tokens = chain.addressBook.tokens ?? {};
  const [name, setName] = useState("");
  const [algorithm, setAlgorithm] = useState<AlgorithmName>("SHA256");
  const [hashrate, setHashrate] = useState("");
  const [unit, setUnit] = useState<number>(12);
  const [power, setPower] = useState("");
  const [shares, setShares] = useState("");
  const [price, setPrice] = useState("");
  const [paymentText, setPaymentText] = useState(tokens.USDC ? "USDC" : "");
  const [payoutText, setPayoutText] = useState(tokens.WBTC ? "WBTC" : "");
  const [epochHours, setEpochHours] = useState("24");
  const [maxPayout, setMaxPayout] = useState("");
  const [royalty, setRoyalty] = useState("0");
  const [registered, setRegistered] = useState<bigint>();
  const payment = useTokenInput(paymentText);
  const payout = useTokenInput(payoutText);

  const { value: params, problem } = parseInputs((): RigParams => {
    const trimmed = name.trim();
    const bytes = new TextEncoder().encode(trimmed).length;
    if (bytes === 0) throw new Error("enter the rig's name");
    if (bytes > 32) throw new Error(`the name must be at most 32 bytes (it is ${bytes})`);
    let rate: bigint;
    try {
      rate = parseDecimal(hashrate, unit, "floor");
    } catch {
      throw new Error("the hashrate must be a number (e.g. 200)");
    }
    if (rate === 0n) throw new Error("the hashrate must be above zero");
    const watts = whole(power, "the power (W)");
    if (watts > MAX_POWER_WATTS) throw new Error(`the power must be at most ${MAX_POWER_WATTS} W`);
    const totalShares = whole(shares, "the number of shares");
    if (totalShares > MAX_TOTAL_SHARES) throw new Error("the number of shares must be at most 10^18");
    if (!payment.address) throw new Error("enter the payment token (a symbol of this chain or an address)");
    if (!payout.address) throw new Error("enter the payout token (a symbol of this chain or an address)");
    const pricePerShare = parseAmount(price, payment.meta, "the price per share");
    const hours = whole(epochHours, "the epoch length (hours)");
    const epochLength = hours * 3_600n;
    if (!(DAY % epochLength === 0n || epochLength % DAY === 0n) || epochLength > MAX_EPOCH_LENGTH)
      throw new Error(
        "the epoch length must divide a day (1, 2, 3, 4, 6, 8, 12 or 24 hours) or be whole days, up to 194 days",
      );
    const maxEpochPayout = parseAmount(maxPayout, payout.meta, "the maximum epoch payout");
    if (maxEpochPayout === 0n) throw new Error("the maximum epoch payout must be above zero");
    if (maxEpochPayout > MAX_EPOCH_PAYOUT) throw new Error("the maximum epoch payout is too large");
    const royaltyBps = parsePercent(royalty, "the royalty", MAX_ROYALTY_BPS);
    return {
      name: trimmed,
      algorithm,
      hashrate: rate,
      powerWatts: Number(watts),
      totalShares,
      pricePerShare,
      paymentToken: payment.address,
      payoutToken: payout.address,
      epochLength: Number(epochLength),
      maxEpochPayout,
      royaltyBps: Number(royaltyBps),
    };
  });

  return (
    <Card title="Register a rig" testId="register-rig">
      <p className="muted">
        You become the rig&apos;s operator. Its sale starts closed: set its terms, post the bond, then open it.
      </p>
      <div className="form-grid">
        <Field label="Name" value={name} onChange={setName} placeholder="Antminer S21 #2" testId="rig-name-input" />
        <label className="field">
          <span>Algorithm</span>
          <select
            value={algorithm}
            onChange={(e) => setAlgorithm(e.target.value as AlgorithmName)}
            data-testid="rig-algorithm"
          >
            {ALGORITHMS.map((a) => (
              <option key={a} value={a}>
                {ALGORITHM_LABELS[a]}
              </option>
            ))}
          </select>
        </label>
        <Field label="Hashrate" value={hashrate} onChange={setHashrate} testId="rig-hashrate" />
        <label className="field">
          <span>Hashrate unit</span>
          <select value={unit} onChange={(e) => setUnit(Number(e.target.value))} data-testid="rig-hashrate-unit">
            {HASHRATE_UNITS.map(([label, digits]) => (
              <option key={label} value={digits}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <Field label="Power" value={power} onChange={setPower} suffix="W" testId="rig-power" />
        <Field label="Shares" value={shares} onChange={setShares} testId="rig-shares" />
        <Field
          label="Payment token"
          value={paymentText}
          onChange={setPaymentText}
          placeholder="USDC or 0x…"
          testId="rig-payment-token"
        />
        <Field
          label="Price per share"
          value={price}
          onChange={setPrice}
          suffix={payment.meta?.symbol}
          testId="rig-price"
        />
        <Field
          label="Payout token"
          value={payoutText}
          onChange={setPayoutText}
          placeholder="WBTC or 0x…"
          testId="rig-payout-token"
        />
        <Field
          label="Epoch length"
          value={epochHours}
          onChange={setEpochHours}
          suffix="hours"
          testId="rig-epoch-hours"
        />
        <Field
          label="Max payout per epoch"
          value={maxPayout}
          onChange={setMaxPayout}
          suffix={payout.meta?.symbol}
          testId="rig-max-payout"
        />
        <Field label="Resale royalty" value={royalty} onChange={setRoyalty} suffix="%" testId="rig-royalty" />
      </div>
      <div className="action-form">
        <Submit
          label="Register rig"
          problem={problem}
          testId="register-submit"
          onClick={async () => {
            const result = await run(`Register rig "${params!.name}"`, (o) =>
              registerRig(walletClient!, { contracts, params: params!, ...o }),
            );
            if (result) setRegistered(result.rigId);
          }}
        />
      </div>
      {registered !== undefined && (
        <p data-testid="registered-rig">
          Registered as rig {registered.toString()}: set its terms and bond below, then open its sale.
        </p>
      )}
    </Card>
  );
}

/** Tariff, fee and pending terms; configure before the first share exists, propose afterwards. */
export function TermsForm({ rig, terms, payout }: { rig: RigInfo; terms: RigTerms; payout?: TokenMeta }) {
  const { walletClient, contracts } = useProtocol();
  const { run } = useTx();
  const now = useChainNow();
  const configurable = !terms.started && rig.lastSerial === 0n;
  const [tariff, setTariff] = useState("");
  const [fee, setFee] = useState("");
  const [sla, setSla] = useState("0");
  const [bond, setBond] = useState("0");
  const { value, problem } = parseInputs(() => {
    const tariffPerKWh = parseAmount(tariff, payout, "the electricity tariff");
    // The funder's own limit (3,000 bps) is checked by the contract; the form only refuses nonsense.
    const serviceFeeBps = parsePercent(fee, "the service fee", 10_000n);
    if (!configurable) return { tariffPerKWh, serviceFeeBps, slaThresholdBps: 0n, requiredBond: 0n };
    const slaThresholdBps = parsePercent(sla, "the SLA threshold", 10_000n);
    if (slaThresholdBps !== 0n && slaThresholdBps < 5_000n)
      throw new Error("the SLA threshold must be 0 (no SLA) or between 50% and 100%");
    const requiredBond = parseAmount(bond, payout, "the required bond");
    return { tariffPerKWh, serviceFeeBps, slaThresholdBps, requiredBond };
  });
  const unit = payout ? `${payout.symbol}/kWh` : "per kWh";
  const id = rig.rigId;
  return (
    <div data-testid="terms">
      <h3>Terms</h3>
      <p data-testid="terms-current">
        In force: electricity {formatToken(terms.tariffPerKWh, payout)} per kWh, service fee{" "}
        {formatBps(terms.serviceFeeBps)}, SLA {terms.slaThresholdBps === 0n ? "none" : formatBps(terms.slaThresholdBps)}
        , required bond {formatToken(terms.requiredBond, payout)}.
      </p>
      {terms.pending && (
        <p className="warn" data-testid="terms-pending">
          Proposed: electricity {formatToken(terms.pending.tariffPerKWh, payout)} per kWh, service fee{" "}
          {formatBps(terms.pending.serviceFeeBps)}, for epochs starting from {formatTime(terms.pending.effectiveAt)}
          {now !== undefined && terms.pending.effectiveAt > now
            ? ` (in ${formatDuration(terms.pending.effectiveAt - now)})`
            : ""}
          .
        </p>
      )}
      <p className="muted">
        {configurable
          ? "No share of this rig exists yet: its terms can be set at once. After the first mint they change only by a proposal, two days ahead."
          : `Shares exist: new terms apply to epochs starting ${formatDuration(2n * DAY)} after the proposal, so holders see them coming. At most ${formatBps(MAX_SERVICE_FEE_BPS)} service fee.`}
      </p>
      <div className="action-form">
        <Field label="Electricity tariff" value={tariff} onChange={setTariff} suffix={unit} testId="terms-tariff" />
        <Field label="Service fee" value={fee} onChange={setFee} suffix="%" testId="terms-fee" />
        {configurable && (
          <>
            <Field label="SLA threshold" value={sla} onChange={setSla} suffix="%" testId="terms-sla" />
            <Field
              label="Required bond"
              value={bond}
              onChange={setBond}
              suffix={payout?.symbol}
              testId="terms-required-bond"
            />
          </>
        )}
        <Submit
          label={configurable ? "Set terms" : "Propose terms"}
          problem={tariff || fee ? problem : "enter the tariff and the service fee"}
          testId="terms-submit"
          onClick={() =>
            configurable
              ? run(`Set the terms of rig ${id}`, (o) =>
                  configureRig(walletClient!, { contracts, rigId: id, ...value!, ...o }),
                )
              : run(`Propose terms for rig ${id}`, (o) =>
                  proposeTerms(walletClient!, {
                    contracts,
                    rigId: id,
                    tariffPerKWh: value!.tariffPerKWh,
                    serviceFeeBps: value!.serviceFeeBps,
                    ...o,
                  }),
                )
          }
        />
      </div>
    </div>
  );
}
