// Balance and allowance pre-flight for actions that pull tokens (mint pays the price, pushEpoch funds the
// epoch, the epoch funder pulls bonds and the operator's net): checks before anything is sent, then
// approves only when needed.
import { type Address, type Hash, erc20Abi, getAddress, maxUint256 } from "viem";
import { readContract } from "viem/actions";

import { formatDecimal } from "../decimal.js";
import { InsufficientAllowanceError, InsufficientBalanceError } from "../errors.js";
import type { WriteClient, WriteOptions } from "../types.js";
import { read, send } from "./send.js";

/** "exact" approves the amount due when the allowance is short, "max" approves 2^256 − 1, false never approves. */
export type ApproveMode = "exact" | "max" | false;

export type Funding = {
  token: Address;
  spender: Address;
  amount: bigint;
  approve: ApproveMode;
  /** Whose tokens are pulled (default: the client's account). Another account's allowance is never approved. */
  owner?: Address;
};

/** Checks balance and allowance; returns a function that sends the approval if one is needed. */
export async function checkFunding(client: WriteClient, { token, spender, amount, approve, owner }: Funding) {
  const account = getAddress(owner ?? client.account.address);
  if (account !== getAddress(client.account.address)) approve = false;
  const [balance, allowance, decimals, symbol] = await read(() =>
    Promise.all([
      readContract(client, { address: token, abi: erc20Abi, functionName: "balanceOf", args: [account] }),
      readContract(client, { address: token, abi: erc20Abi, functionName: "allowance", args: [account, spender] }),
      readContract(client, { address: token, abi: erc20Abi, functionName: "decimals" }),
      readContract(client, { address: token, abi: erc20Abi, functionName: "symbol" }),
    ]),
  );
  const format = (v: bigint) => `${formatDecimal(v, decimals)} ${symbol}`;
  if (balance < amount) throw new InsufficientBalanceError(token, account, balance, amount, format);
  const short = allowance < amount;
  if (short && approve === false)
    throw new InsufficientAllowanceError(token, account, spender, allowance, amount, format);
  return async (options: WriteOptions): Promise<Hash | undefined> => {
    if (!short) return undefined;
    const { hash } = await send(
      client,
      {
        address: token,
        abi: erc20Abi,
        functionName: "approve",
        args: [spender, approve === "max" ? maxUint256 : amount],
        label: `approve ${symbol}`,
      },
      options,
    );
    return hash;
  };
}
