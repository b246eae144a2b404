// The funding pre-flight of the two ways to push an oracle-reported epoch: the funder pulls the breakdown's
// net from the rig's operator, so the operator's balance and allowance towards the funder must cover it.
// When the caller is the operator it approves what is short; a relayer cannot, and gets a typed error.
import type { Hash } from "viem";
import { readContract } from "viem/actions";

import { epochFunderAbi } from "../abis.js";
import type { ContractsParameter, EpochBreakdown, EpochReport, WriteClient, WriteOptions } from "../types.js";
import { type ApproveMode, checkFunding } from "./approve.js";
import { type RigBasics, funderOf, reportArg, requireRig, toBreakdown } from "./oracle.js";
import { read } from "./send.js";

export type EpochFunding = {
  rig: RigBasics;
  /** The breakdown the push will settle (the operator funds `net`). */
  preview: EpochBreakdown;
  /** Sends the operator's approval of the funder if one is needed. */
  approveIfNeeded: (options: WriteOptions) => Promise<Hash | undefined>;
};

export async function prepareEpochFunding(
  client: WriteClient,
  contracts: ContractsParameter["contracts"],
  report: EpochReport,
  approve: ApproveMode,
): Promise<EpochFunding> {
  const funder = funderOf(contracts);
  const rig = await requireRig(client, contracts, report.rigId);
  const preview = toBreakdown(
    await read(() =>
      readContract(client, {
        address: funder,
        abi: epochFunderAbi,
        functionName: "previewBreakdown",
        args: [reportArg(report)],
      }),
    ),
  );
  if (preview.net === 0n) return { rig, preview, approveIfNeeded: async () => undefined };
  const approveIfNeeded = await checkFunding(client, {
    token: rig.payoutToken,
    spender: funder,
    amount: preview.net,
    approve,
    owner: rig.operator,
  });
  return { rig, preview, approveIfNeeded };
}
