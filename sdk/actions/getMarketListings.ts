// getMarketListings: the market's open listings — positions listed for sale and for rent — found from the
// market's `Listed` / `ListedForRent` logs since the deployment block, then read back with getListing /
// getRentalListing so only what can fill now is returned ("live"), plus the rentals `renter` holds or held
// (`Rented` logs, indexed by renter). One eth_getLogs per event and block range; no loop over the chain's
// history beyond the logs themselves.
import { type Address, type GetLogsErrorType, type ReadContractErrorType, getAddress, parseAbiItem } from "viem";
import { getBlockNumber, getLogs } from "viem/actions";

import type { MissingContractError } from "../errors.js";
import { type IndexerClient, getIndexedListedPositionIds, getIndexedRentals, readIndexed } from "../indexer.js";
import { marketOf } from "../internal/market.js";
import { read } from "../internal/send.js";
import type { ContractsParameter, ReadClient } from "../types.js";
import { type GetListingReturnType, getListing } from "./getListing.js";
import { type GetRentalListingReturnType, getRentalListing } from "./getRentalListing.js";

const listedEvent = parseAbiItem(
  "event Listed(uint256 indexed positionId, address indexed seller, (address seller, uint64 shares, uint24 version, address paymentToken, uint64 expiry, uint128 pricePerShare, uint64 minFill) listing)",
);
const listedForRentEvent = parseAbiItem(
  "event ListedForRent(uint256 indexed positionId, (address owner, uint24 version, uint64 expiry, address paymentToken, uint16 minDays, uint16 maxDays, uint128 pricePerDay) listing)",
);
const rentedEvent = parseAbiItem(
  "event Rented(uint256 indexed positionId, address indexed renter, uint256 expires, uint256 price, uint256 fee)",
);

export type GetMarketListingsParameters = ContractsParameter & {
  /** Also return the rentals this account took (any status). */
  renter?: Address;
  /** First block to scan (default: the deployment block, else 0). */
  fromBlock?: bigint;
  /** Largest block range per eth_getLogs request. Default 10,000. */
  maxBlockRange?: bigint;
  /** Take the listed positions and rentals from this indexer up to its indexed block; scan only the rest. */
  indexer?: IndexerClient;
};

export type RentalTaken = { positionId: bigint; renter: Address; expires: bigint; price: bigint; fee: bigint };

export type GetMarketListingsReturnType = {
  /** Live sale listings, by position id. */
  listings: GetListingReturnType[];
  /** Live rental listings, by position id. */
  rentalListings: GetRentalListingReturnType[];
  /** Rentals `renter` took, latest first (empty without `renter`). */
  rentals: RentalTaken[];
  blockNumber: bigint;
};
export type GetMarketListingsErrorType = MissingContractError | GetLogsErrorType | ReadContractErrorType;

const byId = (a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0);

export async function getMarketListings(
  client: ReadClient,
  { contracts, renter, fromBlock, maxBlockRange = 10_000n, indexer }: GetMarketListingsParameters,
): Promise<GetMarketListingsReturnType> {
  const market = marketOf(contracts);
  if (maxBlockRange < 1n) throw new RangeError("maxBlockRange must be at least 1");
  const head = await getBlockNumber(client, { cacheTime: 0 });
  const listed = new Set<bigint>();
  const listedForRent = new Set<bigint>();
  const rentals: RentalTaken[] = [];
  let start = fromBlock ?? contracts.deploymentBlock ?? 0n;
  if (indexer !== undefined && fromBlock === undefined) {
    // Every position whose listing is live now was listed at or before the indexed block (then the indexer has
    // it active, or with a later Listed that the scan below finds) — getListing decides liveness either way.
    const indexed = await readIndexed(indexer, start, head, () =>
      Promise.all([
        getIndexedListedPositionIds(indexer),
        renter ? getIndexedRentals(indexer, renter) : Promise.resolve([]),
      ]),
    );
    if (indexed) {
      const { indexedBlock } = indexed;
      const [ids, taken] = indexed.value;
      for (const id of ids.listed) listed.add(id);
      for (const id of ids.listedForRent) listedForRent.add(id);
      // Rows the indexer added after its status was read are left to the scan, which starts after it.
      for (const { blockNumber, ...r } of taken) if (blockNumber <= indexedBlock) rentals.push(r);
      start = indexedBlock + 1n;
    }
  }
  for (let from = start; from <= head; from += maxBlockRange) {
    const toBlock = from + maxBlockRange - 1n < head ? from + maxBlockRange - 1n : head;
    const range = { address: market, fromBlock: from, toBlock, strict: true } as const;
    const [sales, lettings, rented] = await read(() =>
      Promise.all([
        getLogs(client, { ...range, event: listedEvent }),
        getLogs(client, { ...range, event: listedForRentEvent }),
        renter ? getLogs(client, { ...range, event: rentedEvent, args: { renter: getAddress(renter) } }) : [],
      ]),
    );
    for (const log of sales) listed.add(log.args.positionId);
    for (const log of lettings) listedForRent.add(log.args.positionId);
    for (const log of rented) rentals.push({ ...log.args, renter: getAddress(log.args.renter) });
  }
  const [listings, rentalListings] = await Promise.all([
    Promise.all([...listed].sort(byId).map((positionId) => getListing(client, { contracts, positionId }))),
    Promise.all([...listedForRent].sort(byId).map((positionId) => getRentalListing(client, { contracts, positionId }))),
  ]);
  return {
    listings: listings.filter((l) => l.status === "live"),
    rentalListings: rentalListings.filter((l) => l.status === "live"),
    rentals: rentals.reverse(),
    blockNumber: head,
  };
}
