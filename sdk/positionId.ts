// Position ids carry their rig: positionId = rigId × 10^12 + serial (contracts/libraries/PositionId.sol).

/** Positions per rig an id can address (`PositionId.STRIDE`). */
export const POSITION_STRIDE = 10n ** 12n;

export function encodePositionId(rigId: bigint, serial: bigint): bigint {
  return rigId * POSITION_STRIDE + serial;
}

export function decodePositionId(positionId: bigint): { rigId: bigint; serial: bigint } {
  return { rigId: positionId / POSITION_STRIDE, serial: positionId % POSITION_STRIDE };
}
