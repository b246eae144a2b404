// transfer: sends a position with ERC-721 safeTransferFrom. What it accrued so far stays with the sender
// (credited to its claimable balance); the receiver earns from this block on.
import { type Address, getAddress } from "viem";

import { rigSharesAbi } from "../abis.js";
import type {
  ERC721IncorrectOwnerError,
  ERC721InsufficientApprovalError,
  ERC721InvalidReceiverError,
  ERC721NonexistentTokenError,
  RigshareErrorType,
} from "../errors.js";
import { send } from "../internal/send.js";
import type { ContractsParameter, WriteClient, WriteOptions, WriteResult } from "../types.js";

export type TransferParameters = ContractsParameter &
  WriteOptions & {
    positionId: bigint;
    to: Address;
    /** Current owner (default: the client's account; set it when sending as an approved operator). */
    from?: Address;
  };
export type TransferReturnType = WriteResult;
export type TransferErrorType =
  | ERC721NonexistentTokenError
  | ERC721IncorrectOwnerError
  | ERC721InsufficientApprovalError
  | ERC721InvalidReceiverError
  | RigshareErrorType;

export async function transfer(
  client: WriteClient,
  { contracts, positionId, to, from, onHash, beforeSend }: TransferParameters,
): Promise<TransferReturnType> {
  const sender = getAddress(from ?? client.account.address);
  return send(
    client,
    {
      address: contracts.rigShares,
      abi: rigSharesAbi,
      functionName: "safeTransferFrom",
      args: [sender, getAddress(to), positionId],
      label: "transfer",
    },
    { onHash, beforeSend },
  );
}
