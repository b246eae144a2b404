// Simulate → send → wait, shared by every write action. Simulating first means a call that would revert
// throws a typed error before anything is signed or sent; the receipt's logs are returned for decoding.
import type { Abi, Address, Hash, TransactionReceipt } from "viem";
import { simulateContract, waitForTransactionReceipt, writeContract } from "viem/actions";

import { TransactionRevertedError, toRigshareError } from "../errors.js";
import type { WriteClient, WriteOptions } from "../types.js";

export type SendRequest = {
  address: Address;
  abi: Abi;
  functionName: string;
  args: readonly unknown[];
  /** Shown by progress indicators ("mint", "approve USDC"). */
  label: string;
};

/** Simulates the call from the client's account, sends it and waits for a successful receipt. */
export async function send(
  client: WriteClient,
  request: SendRequest,
  options: WriteOptions = {},
): Promise<{ hash: Hash; receipt: TransactionReceipt; result: unknown }> {
  try {
    const { request: prepared, result } = await simulateContract(client, {
      account: client.account,
      address: request.address,
      abi: request.abi,
      functionName: request.functionName,
      args: request.args,
    } as never);
    await options.beforeSend?.();
    const hash = await writeContract(client, prepared as never);
    options.onHash?.(hash, request.label);
    const receipt = await waitForTransactionReceipt(client, { hash });
    if (receipt.status !== "success") throw new TransactionRevertedError(hash);
    return { hash, receipt, result };
  } catch (e) {
    throw toRigshareError(e);
  }
}

/** Runs a read and turns a revert into its typed error. */
export async function read<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    throw toRigshareError(e);
  }
}

/** `beforeSend` that runs at most once across an action's transactions. */
export function once(hook: (() => Promise<void>) | undefined): (() => Promise<void>) | undefined {
  if (!hook) return undefined;
  let called: Promise<void> | undefined;
  return () => (called ??= hook());
}
