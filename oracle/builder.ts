// Builds a rig's report for an epoch from its pool (through the adapter) and the chain (power draw,
// token decimals, the oracle's bounds). The relayer and every signer process run this same code on
// their own data, so honest reporters produce the identical report and sign the same digest.
import type { PublicClient } from "viem";

import { type Deployment, type RigFacts, readGrossCap, readRigFacts, readTolerance } from "./chain.js";
import type { RigConfig } from "./config.js";
import { ConfigError, ReportOutOfBoundsError } from "./errors.js";
import type { Logger } from "./log.js";
import type { PoolAdapter } from "./pool/types.js";
import { type BuiltReport, DAY, buildEpochReport, epochDays, epochWindow } from "./report.js";

export type BuiltEpoch = BuiltReport & {
  /** Delivered hashrate before clamping to the oracle's tolerance (equal unless clamped). */
  measuredHashrate: bigint;
  grossCap: bigint;
  facts: RigFacts;
};

export class ReportBuilder {
  private readonly factsCache = new Map<bigint, RigFacts>();

  constructor(
    private readonly client: PublicClient,
    private readonly deployment: Deployment,
    private readonly pools: ReadonlyMap<string, PoolAdapter>,
    private readonly rigs: ReadonlyMap<bigint, RigConfig>,
    private readonly log: Logger,
  ) {}

  /** The rig's on-chain facts (cached: they do not change while a rig is registered). */
  async facts(rigId: bigint): Promise<RigFacts> {
    let facts = this.factsCache.get(rigId);
    if (!facts) {
      facts = await readRigFacts(this.client, this.deployment, rigId);
      if (facts.epochLength % BigInt(DAY) !== 0n) {
        throw new ConfigError(
          `rig ${rigId} has epochs of ${facts.epochLength} s: the pool credits earnings per UTC day, so epochs must be whole days`,
        );
      }
      this.factsCache.set(rigId, facts);
    }
    return facts;
  }

  rig(rigId: bigint): RigConfig {
    const rig = this.rigs.get(rigId);
    if (!rig) throw new ConfigError(`rig ${rigId} is not in the oracle config`);
    return rig;
  }

  pool(rig: RigConfig): PoolAdapter {
    const pool = this.pools.get(rig.pool);
    if (!pool) throw new ConfigError(`pool ${rig.pool} of rig ${rig.rigId} is not configured`);
    return pool;
  }

  /**
   * The report of `epoch`. Delivered hashrate above the oracle's tolerance is clamped to it (a pool's
   * averaging noise must not block the rig); a gross above the cap is an error: no report is signed.
   */
  async build(rigId: bigint, epoch: bigint): Promise<BuiltEpoch> {
    const rig = this.rig(rigId);
    const pool = this.pool(rig);
    const facts = await this.facts(rigId);
    const epochLength = Number(facts.epochLength);
    const window = epochWindow(epoch, epochLength);
    const days = epochDays(window);

    // End-stamped samples cover (t − interval, t]: ask for (start, end] instead of [start, end).
    const shift = pool.config.sampleAlignment === "end" ? 1 : 0;
    const series = await pool.hashrateSamples(rig.worker, window.start + shift, window.end + shift);
    const interval = series.interval ?? pool.config.sampleInterval;
    const dailyEarnings: bigint[] = [];
    for (const day of days) dailyEarnings.push(await pool.dailyEarnings(day, facts.decimals, rig.account));

    const built = buildEpochReport({
      rigId,
      epoch,
      epochLength,
      samples: series.samples,
      sampleInterval: interval,
      sampleAlignment: pool.config.sampleAlignment,
      dailyEarnings,
      powerWatts: rig.powerWatts ?? facts.powerWatts,
    });

    const toleranceBps = await readTolerance(this.client, this.deployment);
    const measuredHashrate = built.report.deliveredHashrate;
    const maxDelivered = (facts.hashrate * toleranceBps) / 10_000n;
    if (measuredHashrate > maxDelivered) {
      built.report.deliveredHashrate = maxDelivered;
      this.log.warn("hashrate-clamped", {
        rigId,
        epoch,
        measured: measuredHashrate,
        reported: maxDelivered,
        toleranceBps,
      });
    }
    // The cap follows the delivered hashrate (with the oracle's luck bound) and the rig's epoch cap.
    const grossCap = await readGrossCap(this.client, this.deployment, rigId, built.report.deliveredHashrate);
    if (built.report.grossReward > grossCap) {
      throw new ReportOutOfBoundsError(
        `rig ${rigId} epoch ${epoch}: pool earnings ${built.report.grossReward} exceed the oracle's gross cap ${grossCap} for ${built.report.deliveredHashrate} H/s (check the pool account and the network parameters)`,
      );
    }
    return { ...built, measuredHashrate, grossCap, facts };
  }
}
