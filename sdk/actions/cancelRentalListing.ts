// cancelRentalListing: withdraws the account's rental listing of a position (a running rental continues).
import { shareMarketAbi } from "../abis.js";
import type { MarketNoListingError, MissingContractError, RigshareErrorType } from "../errors.js";
import { marketOf } from "../internal/market.js";
import { send } from "../internal/send.js";
import type { ContractsParameter, WriteClient, WriteOptions, WriteResult } from "../types.js";

export type CancelRentalListingParameters = ContractsParameter & WriteOptions & { positionId: bigint };
export type CancelRentalListingReturnType = WriteResult;
export type CancelRentalListingErrorType = MarketNoListingError | MissingContractError | RigshareErrorType;

export async function cancelRentalListing(
  client: WriteClient,
  { contracts, positionId, onHash, beforeSend }: CancelRentalListingParameters,
): Promise<CancelRentalListingReturnType> {
  return send(
    client,
    {
      address: marketOf(contracts),
      abi: shareMarketAbi,
      functionName: "cancelRentalListing",
      args: [positionId],
      label: "cancel rental listing",
    },
    { onHash, beforeSend },
  );
}
