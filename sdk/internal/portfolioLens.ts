// Positions read in bulk through contracts/periphery/PortfolioLens.sol: its creation code and arguments go as
// the data of an eth_call with no `to`, and the "code" the constructor returns is the answer, 80 bytes per
// position (owner, shares, paidX18, pendingReward). Nothing is deployed, so it works on any chain and node.
//
// Why not viem's multicall: a multicall of ownerOf + position + pendingReward costs three sub-calls with ABI
// envelopes per position (~600 bytes of results), so a deployless multicall holds only ~40 positions under
// EIP-170's 24,576-byte cap on returned code; the lens packs a position in 80 bytes, 300 per eth_call.
import { type Address, type Hex, encodeDeployData, getAddress, parseAbi } from "viem";
import { call } from "viem/actions";

import { portfolioLensBytecode } from "../abis.js";
import type { ReadClient } from "../types.js";

const lensAbi = parseAbi(["constructor(address shares, address distributor, uint256[] ids)"]);

/** Ids per eth_call: the lens's MAX_IDS (300 × 80 bytes stays under EIP-170's 24,576). */
export const LENS_IDS_PER_CALL = 300;
const ROW_BYTES = 80;

/** One position as the lens reads it; `owner` undefined for a burned or never-minted id (then all zero). */
export type LensRow = { owner: Address | undefined; shares: bigint; paidX18: bigint; pendingReward: bigint };

/** Owner, shares, paidX18 and pending reward of every id at `blockNumber`, in `ids`' order. */
export async function readPositionsThroughLens(
  client: ReadClient,
  contracts: { rigShares: Address; distributor: Address },
  ids: readonly bigint[],
  blockNumber: bigint,
): Promise<LensRow[]> {
  const chunks: bigint[][] = [];
  for (let i = 0; i < ids.length; i += LENS_IDS_PER_CALL) chunks.push(ids.slice(i, i + LENS_IDS_PER_CALL));
  const answers = await Promise.all(
    chunks.map(async (chunk) => {
      const { data } = await call(client, {
        data: encodeDeployData({
          abi: lensAbi,
          bytecode: portfolioLensBytecode,
          args: [contracts.rigShares, contracts.distributor, chunk],
        }),
        blockNumber,
      });
      return decodeRows(data ?? "0x", chunk.length);
    }),
  );
  return answers.flat();
}

/** The lens's packed answer: [owner:20][shares:8][paidX18:20][pending:32] per id. */
export function decodeRows(data: Hex, count: number): LensRow[] {
  const hex = data.slice(2);
  if (hex.length !== count * ROW_BYTES * 2)
    throw new Error(`PortfolioLens answered ${hex.length / 2} bytes for ${count} positions`);
  const rows: LensRow[] = [];
  for (let i = 0; i < count; i++) {
    const row = hex.slice(i * ROW_BYTES * 2, (i + 1) * ROW_BYTES * 2);
    const owner = BigInt(`0x${row.slice(0, 40)}`);
    rows.push({
      owner: owner === 0n ? undefined : getAddress(`0x${row.slice(0, 40)}`),
      shares: BigInt(`0x${row.slice(40, 56)}`),
      paidX18: BigInt(`0x${row.slice(56, 96)}`),
      pendingReward: BigInt(`0x${row.slice(96, 160)}`),
    });
  }
  return rows;
}
