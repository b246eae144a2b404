// cancelListing: withdraws the account's on-chain listing of a position.
import { shareMarketAbi } from "../abis.js";
import type { MarketNoListingError, MissingContractError, RigshareErrorType } from "../errors.js";
import { marketOf } from "../internal/market.js";
import { send } from "../internal/send.js";
import type { ContractsParameter, WriteClient, WriteOptions, WriteResult } from "../types.js";

export type CancelListingParameters = ContractsParameter & WriteOptions & { positionId: bigint };
export type CancelListingReturnType = WriteResult;
export type CancelListingErrorType = MarketNoListingError | MissingContractError | RigshareErrorType;

export async function cancelListing(
  client: WriteClient,
  { contracts, positionId, onHash, beforeSend }: CancelListingParameters,
): Promise<CancelListingReturnType> {
  return send(
    client,
    {
      address: marketOf(contracts),
      abi: shareMarketAbi,
      functionName: "cancelListing",
      args: [positionId],
      label: "cancel listing",
    },
    { onHash, beforeSend },
  );
}
