// Sends the updater's transactions: simulate (a revert is a typed error before anything is signed),
// estimate gas, sign locally, send raw, wait for the receipt. Nonces and fees are handled, not ignored:
//   - the nonce is cached between sends and re-fetched when the node says it is too low/high (another
//     wallet used the key) — the caller then re-derives its state, since the chain may have moved;
//   - transactions of an earlier run still pending at start are waited for (then the caller re-derives)
//     or replaced with higher fees;
//   - "underpriced" / "fee cap below base fee" → fees bumped and the same nonce re-sent;
//   - no receipt within the timeout → the same nonce re-sent with fees bumped (a replacement); whichever
//     of the hashes is mined first is the result;
//   - "insufficient funds" → a clear InsufficientFundsError.
import {
  type Abi,
  type Address,
  type Chain,
  type Hash,
  type Hex,
  type LocalAccount,
  type PublicClient,
  type TransactionReceipt,
  BaseError,
  ContractFunctionRevertedError,
  encodeFunctionData,
  keccak256,
} from "viem";

import { updaterErrorsAbi } from "./abi.js";
import type { TxOptions } from "./config.js";
import {
  ContractRevertError,
  InsufficientFundsError,
  NonceConflictError,
  StuckTransactionError,
  oneLine,
} from "./errors.js";
import type { Logger } from "./log.js";
import { sleep } from "./retry.js";

export type SendRequest = {
  /** Names the transaction in logs ("pushEpochWithReport rig 1 epoch 20100"). */
  label: string;
  address: Address;
  abi: Abi;
  functionName: string;
  args: readonly unknown[];
};

export type Fees = { maxFeePerGas: bigint; maxPriorityFeePerGas: bigint } | { gasPrice: bigint };

export type SenderHooks = {
  /** Fee estimate (default: the node's EIP-1559 estimate, or its gas price on legacy chains). */
  estimateFees?: () => Promise<Fees>;
  /** Called after a transaction was handed to the node, before waiting (crash-point injection). */
  afterSend?: (hash: Hash, label: string) => void;
};

/** Every message in an error's cause chain, joined (nodes word their errors differently). */
function messages(error: unknown): string {
  const parts: string[] = [];
  for (
    let e = error as { message?: string; details?: string; shortMessage?: string; cause?: unknown } | undefined, i = 0;
    e && i < 10;
    e = e.cause as typeof e, i++
  ) {
    parts.push(e.details ?? "", e.shortMessage ?? "", e.message ?? "");
  }
  return parts.join(" | ");
}

const ALREADY_KNOWN = /already known|known transaction|already imported|transaction already exists/i;
const NONCE_LOW =
  /nonce too low|nonce has already been used|nonce_expired|expected nonce to be \d+ but got|invalid nonce/i;
const NONCE_HIGH = /nonce too high|nonce gap|gapped/i;
const UNDERPRICED =
  /underpriced|fee too low|too low for the next block|less than block base fee|fee cap .*low|maxfeepergas .*too low|gas price too low/i;
const NO_FUNDS = /insufficient funds|doesn't have enough funds|not enough funds/i;

/** Turns a simulation/call failure into ContractRevertError with the decoded custom error, if any. */
export function toRevertError(error: unknown, context: string): unknown {
  if (!(error instanceof BaseError)) return error;
  const reverted = error.walk(
    (e) => e instanceof ContractFunctionRevertedError,
  ) as ContractFunctionRevertedError | null;
  if (!reverted) return error;
  const name = reverted.data?.errorName ?? reverted.reason;
  const args = (reverted.data?.args ?? []) as readonly unknown[];
  const shownArgs = args.map((a) => (typeof a === "bigint" ? a.toString() : String(a))).join(", ");
  return new ContractRevertError(
    `${context} reverted: ${name ?? "unknown reason"}${name ? `(${shownArgs})` : ""}`,
    reverted.data?.errorName,
    args,
    {
      cause: error,
    },
  );
}

function bump(fees: Fees, percent: number): Fees {
  const up = (v: bigint) => (v * BigInt(100 + percent) + 99n) / 100n;
  return "gasPrice" in fees
    ? { gasPrice: up(fees.gasPrice) }
    : { maxFeePerGas: up(fees.maxFeePerGas), maxPriorityFeePerGas: up(fees.maxPriorityFeePerGas) };
}

function atLeast(a: Fees, b: Fees): Fees {
  const max = (x: bigint, y: bigint) => (x > y ? x : y);
  if ("gasPrice" in a && "gasPrice" in b) return { gasPrice: max(a.gasPrice, b.gasPrice) };
  if (!("gasPrice" in a) && !("gasPrice" in b)) {
    return {
      maxFeePerGas: max(a.maxFeePerGas, b.maxFeePerGas),
      maxPriorityFeePerGas: max(a.maxPriorityFeePerGas, b.maxPriorityFeePerGas),
    };
  }
  return b;
}

const showFees = (f: Fees) =>
  "gasPrice" in f
    ? { gasPrice: f.gasPrice }
    : { maxFeePerGas: f.maxFeePerGas, maxPriorityFeePerGas: f.maxPriorityFeePerGas };

export class TxSender {
  private nonce: number | undefined;

  constructor(
    private readonly client: PublicClient,
    readonly account: LocalAccount,
    private readonly chain: Chain,
    private readonly options: TxOptions,
    private readonly log: Logger,
    private readonly hooks: SenderHooks = {},
  ) {}

  get address(): Address {
    return this.account.address;
  }

  /** Simulates `request` from the sender; throws ContractRevertError if it would revert. */
  async simulate(request: SendRequest): Promise<void> {
    try {
      await this.client.simulateContract({
        account: this.account.address,
        address: request.address,
        abi: [...request.abi, ...updaterErrorsAbi] as Abi,
        functionName: request.functionName,
        args: request.args,
      } as never);
    } catch (error) {
      throw toRevertError(error, request.label);
    }
  }

  /** Simulates, sends and waits for `request`; returns the successful receipt. */
  async send(request: SendRequest): Promise<TransactionReceipt> {
    await this.simulate(request);
    const data = encodeFunctionData({
      abi: request.abi,
      functionName: request.functionName,
      args: request.args,
    } as never);
    let gas: bigint;
    try {
      const estimate = await this.client.estimateGas({ account: this.account.address, to: request.address, data });
      gas = (estimate * BigInt(this.options.gasMultiplierPercent)) / 100n;
    } catch (error) {
      throw toRevertError(error, request.label);
    }

    let replacing = false;
    if (this.nonce === undefined) {
      const { nonce, stuck } = await this.startingNonce();
      this.nonce = nonce;
      replacing = stuck;
    }
    const nonce = this.nonce;
    let fees = await this.estimateFees();
    if (replacing) fees = bump(bump(fees, this.options.feeBumpPercent), this.options.feeBumpPercent);

    const hashes: Hash[] = [];
    for (let bumps = 0; ;) {
      const serialized = await this.account.signTransaction({
        chainId: this.chain.id,
        nonce,
        to: request.address,
        data,
        gas,
        value: 0n,
        ...("gasPrice" in fees
          ? { type: "legacy" as const, gasPrice: fees.gasPrice }
          : { type: "eip1559" as const, ...fees }),
      });
      const hash = keccak256(serialized as Hex);
      const outcome = await this.broadcast(serialized as Hex, hash, request.label);
      if (outcome === "underpriced") {
        if (++bumps > this.options.maxFeeBumps)
          throw new StuckTransactionError(`${request.label}: fees still too low after ${bumps - 1} bumps`);
        fees = atLeast(
          bump(fees, this.options.feeBumpPercent),
          bump(await this.estimateFees(), this.options.feeBumpPercent),
        );
        this.log.warn("fee-bump", { label: request.label, nonce, reason: "underpriced", ...showFees(fees) });
        continue;
      }
      hashes.push(hash);
      this.nonce = nonce + 1;
      this.log.info("tx-sent", {
        label: request.label,
        hash,
        nonce,
        gas,
        ...showFees(fees),
        replaces: hashes.length > 1 ? hashes[hashes.length - 2] : undefined,
      });
      this.hooks.afterSend?.(hash, request.label);

      const receipt = await this.waitForAny(hashes, nonce);
      if (receipt) {
        this.log.info("tx-mined", {
          label: request.label,
          hash: receipt.transactionHash,
          block: receipt.blockNumber,
          gasUsed: receipt.gasUsed,
          status: receipt.status,
        });
        if (receipt.status !== "success") {
          throw new ContractRevertError(
            `${request.label} reverted on chain in ${receipt.transactionHash}`,
            undefined,
            [],
          );
        }
        return receipt;
      }
      if (++bumps > this.options.maxFeeBumps) {
        throw new StuckTransactionError(
          `${request.label}: not mined after ${bumps} attempts (nonce ${nonce}, last ${hash})`,
        );
      }
      fees = atLeast(bump(fees, this.options.feeBumpPercent), await this.estimateFees());
      this.log.warn("tx-replace", {
        label: request.label,
        nonce,
        stuck: hash,
        timeoutMs: this.options.receiptTimeoutMs,
        ...showFees(fees),
      });
    }
  }

  /** Sends a signed transaction; "sent" also when the node already has it. */
  private async broadcast(serialized: Hex, hash: Hash, label: string): Promise<"sent" | "underpriced"> {
    try {
      await this.client.sendRawTransaction({ serializedTransaction: serialized });
      return "sent";
    } catch (error) {
      const text = messages(error);
      if (ALREADY_KNOWN.test(text)) return "sent";
      if (NO_FUNDS.test(text)) {
        const balance = await this.client.getBalance({ address: this.account.address }).catch(() => undefined);
        throw new InsufficientFundsError(
          `${label}: account ${this.account.address} cannot pay for gas (balance ${balance ?? "?"} wei)`,
        );
      }
      if (NONCE_LOW.test(text) || NONCE_HIGH.test(text)) {
        // A retried send whose first attempt did reach the node lands here too: then it is ours.
        const known = await this.client.getTransaction({ hash }).catch(() => undefined);
        if (known) return "sent";
        this.nonce = undefined;
        this.log.warn("nonce-refresh", { label, reason: oneLine(error) });
        throw new NonceConflictError(`${label}: nonce conflict (${oneLine(error)}); state will be re-read`, {
          cause: error,
        });
      }
      if (UNDERPRICED.test(text)) return "underpriced";
      throw toRevertError(error, label);
    }
  }

  /** The receipt of whichever of `hashes` is mined, or undefined after the receipt timeout. */
  private async waitForAny(hashes: readonly Hash[], nonce: number): Promise<TransactionReceipt | undefined> {
    const deadline = Date.now() + this.options.receiptTimeoutMs;
    for (;;) {
      for (const hash of hashes) {
        const receipt = await this.client.getTransactionReceipt({ hash }).catch(() => undefined);
        if (receipt) return receipt;
      }
      // The nonce was consumed by a transaction that is none of ours: someone else used the key.
      const mined = await this.client.getTransactionCount({ address: this.account.address, blockTag: "latest" });
      if (mined > nonce) {
        for (const hash of hashes) {
          const receipt = await this.client.getTransactionReceipt({ hash }).catch(() => undefined);
          if (receipt) return receipt;
        }
        this.nonce = undefined;
        throw new NonceConflictError(
          `nonce ${nonce} was used by another transaction of ${this.account.address}; state will be re-read`,
        );
      }
      if (Date.now() >= deadline) return undefined;
      await sleep(this.options.pollMs);
    }
  }

  /** The nonce to use, waiting first for transactions an earlier run left pending. */
  private async startingNonce(): Promise<{ nonce: number; stuck: boolean }> {
    const address = this.account.address;
    const latest = await this.client.getTransactionCount({ address, blockTag: "latest" });
    const pending = await this.client.getTransactionCount({ address, blockTag: "pending" });
    if (pending <= latest) return { nonce: latest, stuck: false };
    this.log.warn("in-flight", { account: address, mined: latest, pending, waitMs: this.options.receiptTimeoutMs });
    const deadline = Date.now() + this.options.receiptTimeoutMs;
    while (Date.now() < deadline) {
      await sleep(this.options.pollMs);
      if ((await this.client.getTransactionCount({ address, blockTag: "latest" })) >= pending) {
        throw new NonceConflictError(`earlier transactions of ${address} were mined; state will be re-read`);
      }
    }
    // Still stuck: take the lowest pending nonce and outbid whatever sits there.
    return { nonce: await this.client.getTransactionCount({ address, blockTag: "latest" }), stuck: true };
  }

  private async estimateFees(): Promise<Fees> {
    if (this.hooks.estimateFees) return this.hooks.estimateFees();
    try {
      const f = await this.client.estimateFeesPerGas({ chain: this.chain, type: "eip1559" });
      return { maxFeePerGas: f.maxFeePerGas, maxPriorityFeePerGas: f.maxPriorityFeePerGas };
    } catch {
      return { gasPrice: await this.client.getGasPrice() };
    }
  }
}
