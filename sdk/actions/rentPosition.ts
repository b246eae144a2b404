// rentPosition: rents a listed position for `days` days from now: its rewards accrue to the account until
// the rental ends. Pre-flight: a live rental listing (not cancelled, expired, stale or already rented out),
// `days` within its bounds, the price per day within `maxPricePerDay` (default: the listed price), the
// account holds the price; approves the payment token when short, then sends `rent`.
import { type Hash, parseEventLogs } from "viem";

import { shareMarketAbi } from "../abis.js";
import {
  DistributorPositionRentedError,
  type InsufficientAllowanceError,
  type InsufficientBalanceError,
  MarketExpiredError,
  MarketInvalidDaysError,
  MarketNoListingError,
  MarketPositionChangedError,
  MarketPriceMovedError,
  type MissingContractError,
  type RigSharesInvalidRentalError,
  type RigshareErrorType,
} from "../errors.js";
import { type ApproveMode, checkFunding } from "../internal/approve.js";
import { marketOf } from "../internal/market.js";
import { once, send } from "../internal/send.js";
import type { ContractsParameter, WriteClient, WriteOptions, WriteResult } from "../types.js";
import { getRental } from "./getRental.js";
import { getRentalListing } from "./getRentalListing.js";

export type RentPositionParameters = ContractsParameter &
  WriteOptions & {
    positionId: bigint;
    days: bigint;
    maxPricePerDay?: bigint;
    approve?: ApproveMode;
  };
export type RentPositionReturnType = WriteResult & { expires: bigint; price: bigint; fee: bigint; approvalHash?: Hash };
export type RentPositionErrorType =
  | MarketNoListingError
  | MarketExpiredError
  | MarketPositionChangedError
  | MarketPriceMovedError
  | MarketInvalidDaysError
  | DistributorPositionRentedError
  | RigSharesInvalidRentalError
  | InsufficientBalanceError
  | InsufficientAllowanceError
  | MissingContractError
  | RigshareErrorType;

export async function rentPosition(
  client: WriteClient,
  {
    contracts,
    positionId,
    days,
    maxPricePerDay,
    approve = "exact",
    onHash,
    beforeSend: confirmOnce,
  }: RentPositionParameters,
): Promise<RentPositionReturnType> {
  const beforeSend = once(confirmOnce);
  const market = marketOf(contracts);
  const listing = await getRentalListing(client, { contracts, positionId });
  if (listing.status === "none") throw new MarketNoListingError({ positionId });
  if (listing.status === "expired") throw new MarketExpiredError({ expiry: listing.expiry });
  if (listing.status === "stale") throw new MarketPositionChangedError({ positionId });
  if (listing.status === "rented") {
    const rental = await getRental(client, { contracts, positionId });
    throw new DistributorPositionRentedError({ positionId, expires: rental.expires });
  }
  const limit = maxPricePerDay ?? listing.pricePerDay;
  if (listing.pricePerDay > limit) throw new MarketPriceMovedError({ price: listing.pricePerDay, limit });
  if (days < listing.minDays || days > listing.maxDays)
    throw new MarketInvalidDaysError({ days_: days, minDays: listing.minDays, maxDays: listing.maxDays });
  const approveIfNeeded = await checkFunding(client, {
    token: listing.paymentToken,
    spender: market,
    amount: days * listing.pricePerDay,
    approve,
  });
  const approvalHash = await approveIfNeeded({ onHash, beforeSend });
  const { hash, receipt } = await send(
    client,
    { address: market, abi: shareMarketAbi, functionName: "rent", args: [positionId, days, limit], label: "rent" },
    { onHash, beforeSend },
  );
  const [rented] = parseEventLogs({ abi: shareMarketAbi, eventName: "Rented", logs: receipt.logs });
  return {
    hash,
    receipt,
    expires: rented.args.expires,
    price: rented.args.price,
    fee: rented.args.fee,
    ...(approvalHash ? { approvalHash } : {}),
  };
}
