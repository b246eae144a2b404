// What an account holds: its positions (from Transfer logs, resumed with the SDK's cursor so each block
// costs one eth_getLogs), each with its rig's stream for live accrual, its rental and its open listings;
// the rentals it took as a renter; and, per payout token, its settled balance and what its wallet holds.
import { useRef } from "react";
import type { Address } from "viem";
import { getBlock } from "viem/actions";

import { getAccrualState } from "../../../sdk/actions/getAccrualState.js";
import { getClaimable } from "../../../sdk/actions/getClaimable.js";
import { getToken } from "../../../sdk/actions/getToken.js";
import { type GetListingReturnType, getListing } from "../../../sdk/actions/getListing.js";
import { type RentalTaken, getMarketListings } from "../../../sdk/actions/getMarketListings.js";
import { getPendingSplit } from "../../../sdk/actions/getPendingSplit.js";
import type { PositionInfo } from "../../../sdk/actions/getPosition.js";
import { type PositionsCursor, getPositions } from "../../../sdk/actions/getPositions.js";
import { type GetRentalReturnType, getRental } from "../../../sdk/actions/getRental.js";
import { type GetRentalListingReturnType, getRentalListing } from "../../../sdk/actions/getRentalListing.js";
import { type RigInfo, getRig } from "../../../sdk/actions/getRig.js";
import { decodePositionId } from "../../../sdk/positionId.js";
import type { PositionState, RigStream } from "../../../sdk/types.js";
import { useChainQuery } from "./useChainQuery.js";

export type HeldPosition = PositionInfo & {
  rig: RigInfo;
  rental: GetRentalReturnType;
  /** The contract's owner/renter split, read when a rental ended (client-side accrual cannot tell it). */
  endedRentalSplit?: { ownerPart: bigint; renterPart: bigint };
  listing?: GetListingReturnType;
  rentalListing?: GetRentalListingReturnType;
};

export type RentedPosition = RentalTaken & { rig: RigInfo; stream: RigStream; position: PositionState };

export type Portfolio = {
  positions: HeldPosition[];
  rentals: RentedPosition[];
  /** Per payout token: the settled claimable balance (credited on transfers, splits, merges) and the wallet's. */
  balances: { token: Address; settled: bigint; wallet: bigint }[];
  blockTimestamp: bigint;
};

const ZERO = /^0x0{40}$/;

export function usePortfolio(account: Address | undefined) {
  const cursor = useRef<PositionsCursor>(undefined);
  return useChainQuery<Portfolio | undefined>(
    async ({ publicClient: client, contracts, indexer }) => {
      if (!account) return undefined;
      const [held, market, block] = await Promise.all([
        getPositions(client, { contracts, account, cursor: cursor.current, indexer }),
        contracts.market ? getMarketListings(client, { contracts, renter: account, indexer }) : undefined,
        getBlock(client, { blockTag: "latest" }),
      ]);
      cursor.current = held.cursor;
      const rigIds = new Set([
        ...held.positions.map((p) => p.rigId),
        ...(market?.rentals ?? []).map((r) => decodePositionId(r.positionId).rigId),
      ]);
      const rigs = new Map(
        await Promise.all(
          [...rigIds].map(async (rigId) => [rigId, await getRig(client, { contracts, rigId })] as const),
        ),
      );
      const positions = await Promise.all(
        held.positions.map(async (p): Promise<HeldPosition> => {
          const [rental, listing, rentalListing] = await Promise.all([
            getRental(client, { contracts, positionId: p.positionId }),
            contracts.market ? getListing(client, { contracts, positionId: p.positionId }) : undefined,
            contracts.market ? getRentalListing(client, { contracts, positionId: p.positionId }) : undefined,
          ]);
          const ended = !ZERO.test(rental.renter) && !rental.active;
          return {
            ...p,
            rig: rigs.get(p.rigId)!,
            rental,
            endedRentalSplit: ended
              ? await getPendingSplit(client, { contracts, positionId: p.positionId })
              : undefined,
            listing: listing?.status === "none" ? undefined : listing,
            rentalListing: rentalListing?.status === "none" ? undefined : rentalListing,
          };
        }),
      );
      // Rentals still running (latest first; a position rented twice shows its latest rental).
      const seen = new Set<bigint>();
      const running = (market?.rentals ?? []).filter((r) => {
        if (seen.has(r.positionId) || r.expires < block.timestamp) return false;
        seen.add(r.positionId);
        return true;
      });
      const rentals = await Promise.all(
        running.map(async (r): Promise<RentedPosition> => {
          const state = await getAccrualState(client, { contracts, positionId: r.positionId });
          return {
            ...r,
            rig: rigs.get(decodePositionId(r.positionId).rigId)!,
            stream: state.stream,
            position: state.position,
          };
        }),
      );
      const tokens = [...new Set([...rigs.values()].map((r) => r.payoutToken))];
      const balances = await Promise.all(
        tokens.map(async (token) => {
          const [claimable, held] = await Promise.all([
            getClaimable(client, { contracts, account, token }),
            getToken(client, { token, account }),
          ]);
          return { token, settled: claimable.settled, wallet: held.balance! };
        }),
      );
      return { positions, rentals, balances, blockTimestamp: block.timestamp };
    },
    [account],
  );
}
