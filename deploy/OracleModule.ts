// Ignition module "OracleModule": oracle-verified epochs on top of a deployed protocol. Deploys
// HashrateOracle and EpochFunder, then wires them:
//   1. oracle.setConsumer(funder)                                (once: only the funder consumes reports)
//   2. oracle.setReporters(reporters, all true, threshold)       when reporters are given
//   3. oracle.setNetwork(payoutToken, { difficulty, blockReward, style })   for each payout token's coin
//      and funder.setMaxTariff(payoutToken, maxTariffPerKWh) where a network gives a tariff ceiling
//   4. oracle.setBounds(toleranceBps, luckBps, staleAfterEpochs)  when `bounds` are given
//   5. distributor.setFunder(funder)                              (once, for good: pushes need reports now)
//   6. shares.grantRole(ECONOMICS_ROLE, funder)                   (the funder suspends rigs deep in debt)
//   7. when an `admin` other than the deployer is given: NETWORK_ROLE for it and beginDefaultAdminTransfer
//      on both contracts (it accepts after `adminDelay`).
// Two ways to use it:
//   - standalone, against an existing deployment: `buildOracleModule(options)` (or this file's default
//     export) with Ignition parameters { "OracleModule": { "shares": "0x…", "distributor": "0x…" } };
//   - inside the top-level deployment: `buildOracleModule({ ...options, protocol })` with the module that
//     returns `{ shares, distributor }` (RigshareProtocolModule): its futures are used directly.
// The deployer must still be admin of the share token and the distributor (steps 5 and 6).
// Steps 2 to 4 depend on setConsumer only and setFunder on setConsumer only, so adding reporters, networks
// or bounds to the parameters of an executed deployment adds calls and never changes an executed future.
// Ignition parameters (key "OracleModule"): adminDelay (s, default 0), suspendAfterEpochs (default 21).
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import type { CallableContractFuture, IgnitionModule, IgnitionModuleResult } from "@nomicfoundation/ignition-core";
import { getAddress, keccak256, toHex } from "viem";

export const ECONOMICS_ROLE = keccak256(toHex("ECONOMICS_ROLE"));
export const NETWORK_ROLE = keccak256(toHex("NETWORK_ROLE"));

/** Network parameters of the coin a payout token stands for (see IHashrateOracle.Network). */
export type OracleNetwork = {
  /**
   * The payout token's address. (Not a future of another module: Ignition cannot follow a future whose
   * module this one does not use. For test tokens deployed in the same run, deploy them first.)
   */
  payoutToken: string;
  difficulty: bigint;
  /** Block subsidy plus average fees, in payout-token base units. */
  blockReward: bigint;
  /** "bitcoin": a block takes difficulty × 2^32 hashes; "monero": difficulty hashes. */
  style: "bitcoin" | "monero";
  /**
   * The funder's tariff ceiling for rigs paid in this token (EpochFunder.setMaxTariff), in its base units per
   * kWh. Without one, rigs paid in it can charge no electricity at all.
   */
  maxTariffPerKWh?: bigint;
};

/** Bounds of accepted reports (see IHashrateOracle.setBounds). */
export type OracleBounds = { toleranceBps: number; luckBps: number; staleAfterEpochs: number };

type ProtocolModule = IgnitionModule<
  string,
  string,
  IgnitionModuleResult<string> & {
    shares: CallableContractFuture<"RigShares">;
    distributor: CallableContractFuture<"RewardDistributor">;
  }
>;

export type OracleModuleOptions = {
  /** Reporter accounts (set active); none: the admin sets them later. */
  reporters?: readonly string[];
  /** Signatures required (k of n); default: a simple majority of `reporters`. */
  threshold?: number;
  networks?: readonly OracleNetwork[];
  /** Report bounds (HashrateOracle.setBounds); omitted: the contract's defaults (10,500 / 20,000 / 3). */
  bounds?: OracleBounds;
  /** Final admin of both contracts; omitted or equal to the deployer: the deployer stays admin. */
  admin?: string;
  /** The deployer's address, to tell whether `admin` is someone else. */
  deployer?: string;
  /** The protocol module whose share token and distributor to wire (default: addresses as parameters). */
  protocol?: ProtocolModule;
};

export function buildOracleModule({
  reporters = [],
  threshold,
  networks = [],
  bounds,
  admin,
  deployer,
  protocol,
}: OracleModuleOptions = {}) {
  const unique = [...new Set(reporters.map((a) => getAddress(a)))];
  const k = threshold ?? Math.floor(unique.length / 2) + 1;
  if (unique.length > 0 && (k < 1 || k > unique.length))
    throw new Error(`OracleModule: threshold ${k} must be in [1, ${unique.length}]`);
  const handover = admin !== undefined && (deployer === undefined || getAddress(admin) !== getAddress(deployer));

  return buildModule("OracleModule", (m) => {
    const { shares, distributor } = protocol
      ? m.useModule(protocol)
      : {
          shares: m.contractAt("RigShares", m.getParameter<string>("shares"), { id: "RigSharesAt" }),
          distributor: m.contractAt("RewardDistributor", m.getParameter<string>("distributor"), {
            id: "RewardDistributorAt",
          }),
        };
    const adminDelay = m.getParameter("adminDelay", 0);
    const suspendAfterEpochs = m.getParameter("suspendAfterEpochs", 21);
    const deployerAccount = m.getAccount(0);

    const oracle = m.contract("HashrateOracle", [shares, distributor, adminDelay, deployerAccount]);
    const funder = m.contract("EpochFunder", [
      shares,
      distributor,
      oracle,
      suspendAfterEpochs,
      adminDelay,
      deployerAccount,
    ]);

    const consumer = m.call(oracle, "setConsumer", [funder]);
    if (unique.length > 0) {
      m.call(oracle, "setReporters", [unique, unique.map(() => true), k], { after: [consumer] });
    }
    for (const n of networks) {
      const tag = getAddress(n.payoutToken).toLowerCase();
      const network = { difficulty: n.difficulty, blockReward: n.blockReward, style: n.style === "bitcoin" ? 0 : 1 };
      m.call(oracle, "setNetwork", [getAddress(n.payoutToken), network], {
        id: `setNetwork_${tag}`,
        after: [consumer],
      });
      if (n.maxTariffPerKWh !== undefined) {
        m.call(funder, "setMaxTariff", [getAddress(n.payoutToken), n.maxTariffPerKWh], { id: `setMaxTariff_${tag}` });
      }
    }
    if (bounds) {
      const { toleranceBps, luckBps, staleAfterEpochs } = bounds;
      m.call(oracle, "setBounds", [toleranceBps, luckBps, staleAfterEpochs], {
        id: `setBounds_${toleranceBps}_${luckBps}_${staleAfterEpochs}`,
        after: [consumer],
      });
    }
    // From then on no epoch can be pushed without a report that the funder (the oracle's consumer) takes.
    m.call(distributor, "setFunder", [funder], { after: [consumer] });
    m.call(shares, "grantRole", [ECONOMICS_ROLE, funder], { id: "grantEconomicsToFunder" });

    if (handover) {
      const to = getAddress(admin);
      const tag = to.toLowerCase();
      const role = m.call(oracle, "grantRole", [NETWORK_ROLE, to], {
        id: `oracle_grantNetwork_${tag}`,
        after: [consumer],
      });
      m.call(oracle, "beginDefaultAdminTransfer", [to], { id: `oracle_beginAdminTransfer_${tag}`, after: [role] });
      m.call(funder, "beginDefaultAdminTransfer", [to], { id: `funder_beginAdminTransfer_${tag}` });
    }
    return { oracle, funder, shares, distributor };
  });
}

/** Oracle and funder wired to the share token and distributor given as parameters, no reporters yet. */
export default buildOracleModule();
