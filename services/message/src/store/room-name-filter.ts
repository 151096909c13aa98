/**
 * A cuckoo filter over one Redis string, run by a Lua script so every insert, lookup and delete
 * is atomic (RedisBloom is not available). Buckets of `bucketSize` 16-bit fingerprints; a name
 * lives in one of two buckets, i1 = hash(name) and i2 = i1 XOR hash(fingerprint), so either can
 * be found from the other while kicking. False positives are possible (about 2·b/2^16), false
 * negatives are not: a failed insert undoes its kicks.
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

export interface RoomNameFilter {
  /** Adds a name; false when the filter is too full (Postgres still guards the name). */
  add(name: string): Promise<boolean>;
  /** True when the name may be taken: false positives possible, false negatives not. */
  mightContain(name: string): Promise<boolean>;
  /** Removes one occurrence of a name that was added (a deleted or renamed room). */
  remove(name: string): Promise<boolean>;
}

export interface RoomNameFilterOptions {
  key: string;
  /** A power of two, at most 2^30. */
  bucketCount: number;
  bucketSize?: number;
  maxKicks?: number;
}

/** Odd 31-bit multiplier: fingerprint × multiplier stays below 2^47, exact in Lua's doubles. */
const fingerprintMultiplier = 1_540_483_477 % 2 ** 31;

const cuckooScript = `
local key, op = KEYS[1], ARGV[1]
local i1, fp, n, b, maxKicks = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
local multiplier = ${fingerprintMultiplier}

local function alt(i, f) return bit.bxor(i, (f * multiplier) % n) end
local function readSlot(i, j)
  local s = redis.call('GETRANGE', key, (i * b + j) * 2, (i * b + j) * 2 + 1)
  return (s:byte(1) or 0) * 256 + (s:byte(2) or 0)
end
local function writeSlot(i, j, f)
  redis.call('SETRANGE', key, (i * b + j) * 2, string.char(math.floor(f / 256), f % 256))
end
local function findSlot(i, f)
  local s = redis.call('GETRANGE', key, i * b * 2, i * b * 2 + b * 2 - 1)
  for j = 0, b - 1 do
    local v = (s:byte(2 * j + 1) or 0) * 256 + (s:byte(2 * j + 2) or 0)
    if v == f then return j end
  end
  return -1
end

local i2 = alt(i1, fp)
if op == 'has' then
  if findSlot(i1, fp) >= 0 or findSlot(i2, fp) >= 0 then return 1 end
  return 0
elseif op == 'del' then
  for _, i in ipairs({i1, i2}) do
    local j = findSlot(i, fp)
    if j >= 0 then writeSlot(i, j, 0) return 1 end
  end
  return 0
end

-- add: an empty slot in either bucket, else kick fingerprints along their alternate buckets
for _, i in ipairs({i1, i2}) do
  local j = findSlot(i, 0)
  if j >= 0 then writeSlot(i, j, fp) return 1 end
end
local undo = {}
local i, f = i1, fp
if fp % 2 == 1 then i = i2 end
for kick = 1, maxKicks do
  local j = (f + kick) % b
  local victim = readSlot(i, j)
  writeSlot(i, j, f)
  table.insert(undo, {i, j, victim})
  f = victim
  i = alt(i, f)
  local free = findSlot(i, 0)
  if free >= 0 then writeSlot(i, free, f) return 1 end
end
-- Too full: put every kicked fingerprint back where it was, so nothing is lost.
for k = #undo, 1, -1 do writeSlot(undo[k][1], undo[k][2], undo[k][3]) end
return 0
`;

type CuckooCommand = (key: string, op: 'add' | 'has' | 'del', bucket: number, fingerprint: number, bucketCount: number, bucketSize: number, maxKicks: number) => Promise<number>;

/** Bucket index and a non-zero 16-bit fingerprint from independent bits of one digest. */
function locate(name: string, bucketCount: number): { bucket: number; fingerprint: number } {
  const digest = createHash('sha256').update(name).digest();
  return { bucket: digest.readUInt32BE(0) & (bucketCount - 1), fingerprint: digest.readUInt16BE(4) || 1 };
}

export function createRoomNameFilter(redis: Redis, options: RoomNameFilterOptions): RoomNameFilter {
  const { key, bucketCount } = options;
  if (!Number.isInteger(Math.log2(bucketCount)) || bucketCount > 2 ** 30) throw new Error('bucketCount must be a power of two up to 2^30');
  const bucketSize = options.bucketSize ?? 4;
  const maxKicks = options.maxKicks ?? 500;
  if (!('lynkCuckoo' in redis)) redis.defineCommand('lynkCuckoo', { numberOfKeys: 1, lua: cuckooScript });
  const run = (redis as unknown as { lynkCuckoo: CuckooCommand }).lynkCuckoo.bind(redis);
  const call = async (op: 'add' | 'has' | 'del', name: string) => {
    const { bucket, fingerprint } = locate(name, bucketCount);
    return (await run(key, op, bucket, fingerprint, bucketCount, bucketSize, maxKicks)) === 1;
  };
  return {
    add: (name) => call('add', name),
    mightContain: (name) => call('has', name),
    remove: (name) => call('del', name),
  };
}
