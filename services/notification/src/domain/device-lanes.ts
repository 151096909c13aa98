/**
 * Spreads pushes over `laneCount` lanes that are sent side by side, every push to one device in
 * the same lane and in the order given, so a device's pushes still leave one at a time, in order.
 */
export function deviceLanes<Push extends { token: string }>(pushes: readonly Push[], laneCount: number): Push[][] {
  const laneOf = new Map<string, number>();
  const lanes: Push[][] = [];
  for (const push of pushes) {
    let lane = laneOf.get(push.token);
    if (lane === undefined) {
      lane = laneOf.size % laneCount;
      laneOf.set(push.token, lane);
    }
    (lanes[lane] ??= []).push(push);
  }
  return lanes;
}
