// getRigRoi: the ROI calculator fed from the chain — the rig's registration, its terms at the epoch funder
// (tariff and service fee in force) and the oracle's network parameters of its payout token — so that the
// expected daily gross, costs, net per share and payback use the same parameters and math as the contracts.
// Only the coin's price (for payback in the share's payment currency) and a pool fee come from outside.
import type { Address, ReadContractErrorType } from "viem";
import { getBlockNumber, readContract } from "viem/actions";

import { epochFunderAbi, hashrateOracleAbi } from "../abis.js";
import { type MissingContractError, OracleNetworkUnsetError, type RigSharesUnknownRigError } from "../errors.js";
import { funderOf, oracleOf, toNetwork } from "../internal/oracle.js";
import { read } from "../internal/send.js";
import { type OnChainRoiResult, type RoiInputError, computeOnChainRoi } from "../roi.js";
import type { ContractsParameter, OracleNetwork, ReadClient } from "../types.js";
import { getRig } from "./getRig.js";
import { getToken } from "./getToken.js";

export type GetRigRoiParameters = ContractsParameter & {
  rigId: bigint;
  /** Payment-token units per whole payout coin (e.g. "65000" USDC per BTC): enables payback. */
  coinPrice?: string | bigint;
  /** The pool's fee in bps of what the rig mines (default 0). */
  poolFeeBps?: bigint | number;
  blockNumber?: bigint;
};

export type GetRigRoiReturnType = OnChainRoiResult & {
  rigId: bigint;
  payoutToken: Address;
  paymentToken: Address;
  payoutDecimals: number;
  paymentDecimals: number;
  /** The parameters used, as read from the chain. */
  tariffPerKWh: bigint;
  serviceFeeBps: bigint;
  network: OracleNetwork;
  /** The oracle's own `expectedDailyRevenue(rigId)`: equal to `dailyExpectedReward` by construction. */
  onChainExpectedDailyRevenue: bigint;
};
export type GetRigRoiErrorType =
  RigSharesUnknownRigError | OracleNetworkUnsetError | MissingContractError | RoiInputError | ReadContractErrorType;

export async function getRigRoi(
  client: ReadClient,
  { contracts, rigId, coinPrice, poolFeeBps, blockNumber }: GetRigRoiParameters,
): Promise<GetRigRoiReturnType> {
  const oracle = oracleOf(contracts);
  const funder = funderOf(contracts);
  const at = blockNumber ?? (await getBlockNumber(client, { cacheTime: 0 }));
  const rig = await getRig(client, { contracts, rigId, blockNumber: at });
  const [terms, rawNetwork, payment, payout] = await read(() =>
    Promise.all([
      readContract(client, {
        address: funder,
        abi: epochFunderAbi,
        functionName: "terms",
        args: [rigId],
        blockNumber: at,
      }),
      readContract(client, {
        address: oracle,
        abi: hashrateOracleAbi,
        functionName: "network",
        args: [rig.payoutToken],
        blockNumber: at,
      }),
      getToken(client, { token: rig.paymentToken }),
      getToken(client, { token: rig.payoutToken }),
    ]),
  );
  const network = toNetwork(rawNetwork);
  if (!network) throw new OracleNetworkUnsetError({ payoutToken: rig.payoutToken });
  const onChainExpectedDailyRevenue = await read(() =>
    readContract(client, {
      address: oracle,
      abi: hashrateOracleAbi,
      functionName: "expectedDailyRevenue",
      args: [rigId],
      blockNumber: at,
    }),
  );
  const serviceFeeBps = BigInt(terms.serviceFeeBps);
  const result = computeOnChainRoi({
    hashrate: rig.hashrate,
    powerWatts: rig.powerWatts,
    totalShares: rig.totalShares,
    pricePerShare: rig.pricePerShare,
    paymentDecimals: payment.decimals,
    payoutDecimals: payout.decimals,
    tariffPerKWh: terms.tariffPerKWh,
    serviceFeeBps,
    network,
    ...(coinPrice === undefined ? {} : { coinPrice }),
    ...(poolFeeBps === undefined ? {} : { poolFeeBps }),
  });
  return {
    ...result,
    rigId,
    payoutToken: rig.payoutToken,
    paymentToken: rig.paymentToken,
    payoutDecimals: payout.decimals,
    paymentDecimals: payment.decimals,
    tariffPerKWh: terms.tariffPerKWh,
    serviceFeeBps,
    network,
    onChainExpectedDailyRevenue,
  };
}
