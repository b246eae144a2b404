// A rig with everything its pages show: the registration and sale, the funder's terms (bond, failover,
// default) and the oracle's view (staleness), plus the statuses derived from them. Terms and oracle are
// optional: a deployment without them still shows the rig.
import { getOracleStatus, type OracleStatus } from "../../../sdk/actions/getOracleStatus.js";
import { getRig, type RigInfo } from "../../../sdk/actions/getRig.js";
import { getRigs } from "../../../sdk/actions/getRigs.js";
import { getRigTerms, type RigTerms } from "../../../sdk/actions/getRigTerms.js";
import type { RigshareContracts } from "../../../sdk/addressBook.js";
import type { ReadClient } from "../../../sdk/types.js";
import type { BadgeTone } from "../components/ui.js";
import { useChainQuery } from "./useChainQuery.js";

export type RigOverview = { rig: RigInfo; terms?: RigTerms; oracle?: OracleStatus };
export type RigState = { tone: BadgeTone; label: string };

async function overview(client: ReadClient, contracts: RigshareContracts, rig: RigInfo): Promise<RigOverview> {
  const [terms, oracle] = await Promise.all([
    contracts.funder ? getRigTerms(client, { contracts, rigId: rig.rigId }) : undefined,
    contracts.oracle ? getOracleStatus(client, { contracts, rigId: rig.rigId }).catch(() => undefined) : undefined,
  ]);
  return { rig, terms, oracle };
}

export function useRigOverview(rigId: bigint) {
  return useChainQuery(
    async ({ publicClient, contracts }) =>
      overview(publicClient, contracts, await getRig(publicClient, { contracts, rigId })),
    [rigId],
  );
}

export function useRigOverviews() {
  return useChainQuery(async ({ publicClient, contracts }) => {
    const rigs = await getRigs(publicClient, { contracts });
    return Promise.all(rigs.map((rig) => overview(publicClient, contracts, rig)));
  }, []);
}

/** What a holder needs to know at a glance: active, sale open, on backup, stale, suspended, in default. */
export function rigStates({ rig, terms, oracle }: RigOverview): RigState[] {
  const states: RigState[] = [];
  if (rig.status === "Active") states.push({ tone: "good", label: "active" });
  if (rig.status === "Suspended") states.push({ tone: "bad", label: "suspended" });
  if (rig.status === "Retired") states.push({ tone: "info", label: "retired" });
  if (rig.saleOpen && rig.status === "Active") states.push({ tone: "info", label: "on sale" });
  if (terms?.onBackup) states.push({ tone: "warn", label: "on backup" });
  if (terms?.inDefault) states.push({ tone: "bad", label: "in default" });
  if (oracle?.isStale) states.push({ tone: "warn", label: "stale" });
  return states;
}
