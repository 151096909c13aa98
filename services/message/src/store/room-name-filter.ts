/**
 * A cuckoo filter over one Redis string, run by a Lua script so every insert, lookup and delete
 * is atomic (RedisBloom is not available). The string is an 8-byte layout header followed by
 * `bucketCount × bucketSize` fingerprints of `fingerprintBits` each, packed with BITFIELD.
 * A name lives in bucket i1 = hash(name) or i2 = i1 XOR hash(fingerprint) (partial-key cuckoo
 * hashing), so either bucket can be found from the other while kicking. False positives happen
 * at about 2·bucketSize/2^fingerprintBits; false negatives do not: an insert that cannot finish
 * leaves the string untouched.
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

export interface RoomNameFilter {
  /** Adds a name; false when the filter is full (caller then relies on Postgres alone). */
  add(name: string): Promise<boolean>;
  /** True when the name may be taken (false positives possible, no false negatives). */
  mightContain(name: string): Promise<boolean>;
  /** Removes one occurrence of a name that was added (for deleted rooms). */
  remove(name: string): Promise<boolean>;
}

export interface RoomNameFilterOptions {
  key: string;
  /** A power of two. */
  bucketCount: number;
  /** Fingerprints per bucket; default 4 (fills to ~95% before inserts start failing). */
  bucketSize?: number;
  /** 8..16; default 16. Each bit halves the false-positive rate. */
  fingerprintBits?: number;
  /** Evictions tried before an insert gives up; default 500. */
  maxKicks?: number;
}

/** The script's error when the key was built with another bucket count, size or width. */
export const roomNameFilterLayoutError = 'ROOMNAMEFILTER_LAYOUT';

export function isRoomNameFilterLayoutError(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith(roomNameFilterLayoutError);
}

const headerBytes = 8;
/** BITFIELD offsets are bit offsets into a string of at most 512 MiB. */
const maxStringBits = 2 ** 32;
/** Each kick adds four arguments to the final BITFIELD; Lua 5.1's unpack tops out near 8000. */
const maxKicksLimit = 1500;

/*
 * ARGV: op ('add' | 'has' | 'del'), i1, fingerprint, log2(bucketCount), bucketSize,
 * fingerprintBits, maxKicks. All arithmetic stays below 2^53, so Lua 5.1's doubles are exact.
 */
const cuckooScript = `
local key, op = KEYS[1], ARGV[1]
local i1, fp = tonumber(ARGV[2]), tonumber(ARGV[3])
local logN, b, bits, maxKicks = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])
local n = 2 ^ logN
local width = 'u' .. bits
local header = string.char(99, 107, 1, logN, b, bits, 0, 0) -- 'ck', format 1, layout

-- The layout lives in the key, so a client sized differently fails loudly instead of
-- looking in the wrong buckets (which would be false negatives).
local storedHeader = redis.call('GETRANGE', key, 0, ${headerBytes - 1})
if storedHeader == '' then
  if op ~= 'add' then return 0 end
  -- The whole table in one SET: memory is known up front, and the string is allocated at its
  -- exact size (growing it with SETRANGE would over-allocate up to twice that).
  redis.call('SET', key, header .. string.rep(string.char(0), math.ceil(n * b * bits / 8)))
elseif storedHeader ~= header then
  return redis.error_reply('${roomNameFilterLayoutError} ' .. key .. ' was built with another bucket count, bucket size or fingerprint width')
end

local function offset(slot) return ${headerBytes * 8} + slot * bits end

-- Knuth's multiplicative hash: the top logN bits of fp * 2654435769 mod 2^32 (fp < 2^16, so the
-- product stays below 2^48). XOR makes alt its own inverse: alt(alt(i, f), f) == i.
local function alt(i, f)
  local h = (f * 2654435769) % 4294967296
  return bit.bxor(i, math.floor(h / 2 ^ (32 - logN)))
end

-- A bucket's fingerprints, read with one GETRANGE and unpacked here: cheaper than a BITFIELD
-- GET per slot, whose arguments and replies cost more than the unpacking. A fingerprint of up
-- to 16 bits, starting at any bit, lies within three bytes.
local function bucketSlots(i)
  local first = offset(i * b)
  local bytes = redis.call('GETRANGE', key, math.floor(first / 8), math.floor((first + b * bits - 1) / 8))
  local values, rel = {}, first % 8
  for j = 1, b do
    local k = math.floor(rel / 8) + 1
    local high, middle, low = bytes:byte(k, k + 2)
    local window = (high or 0) * 65536 + (middle or 0) * 256 + (low or 0)
    values[j] = math.floor(window / 2 ^ (24 - rel % 8 - bits)) % 2 ^ bits
    rel = rel + bits
  end
  return values
end

-- Writes go through BITFIELD, which packs the bits.
local function writeSlots(pairsOfSlotAndValue)
  local args = {}
  for slot, value in pairs(pairsOfSlotAndValue) do
    table.insert(args, 'SET') table.insert(args, width) table.insert(args, offset(slot)) table.insert(args, value)
  end
  redis.call('BITFIELD', key, unpack(args))
end

-- The first slot of bucket i1, then of i2, holding value.
local i2 = alt(i1, fp)
local first, second = bucketSlots(i1), nil
local function slotHolding(value)
  for j = 1, b do if first[j] == value then return i1 * b + j - 1 end end
  second = second or bucketSlots(i2)
  for j = 1, b do if second[j] == value then return i2 * b + j - 1 end end
  return nil
end

if op == 'has' then
  if slotHolding(fp) then return 1 end
  return 0
elseif op == 'del' then
  local s = slotHolding(fp)
  if not s then return 0 end
  writeSlots({[s] = 0})
  return 1
end

local free = slotHolding(0)
if free then
  writeSlots({[free] = fp})
  return 1
end

-- Both buckets full: walk a kick chain over an in-script overlay of the slots it changes and
-- write only if it ends in a free slot, so a failed insert cannot drop a stored fingerprint.
-- Victims are picked by MINSTD seeded from the name, so the walk replays identically anywhere.
local seed = (fp * 65536 + i1) % 2147483647
if seed == 0 then seed = 1 end
local function nextRandom() seed = (seed * 48271) % 2147483647 return seed end

local read, pending = {}, {}
local function slotValue(s)
  if pending[s] ~= nil then return pending[s] end
  local bucket = math.floor(s / b)
  read[bucket] = read[bucket] or bucketSlots(bucket)
  return read[bucket][s - bucket * b + 1]
end

local bucket, carried = i1, fp
if nextRandom() % 2 == 1 then bucket = i2 end
for _ = 1, maxKicks do
  local s = bucket * b + nextRandom() % b
  local victim = slotValue(s)
  pending[s] = carried
  carried = victim
  bucket = alt(bucket, carried)
  for t = bucket * b, bucket * b + b - 1 do
    if slotValue(t) == 0 then
      pending[t] = carried
      writeSlots(pending)
      return 1
    end
  end
end
return 0
`;

type CuckooOp = 'add' | 'has' | 'del';
type CuckooCommand = (key: string, op: CuckooOp, bucket: number, fingerprint: number, logBucketCount: number, bucketSize: number, fingerprintBits: number, maxKicks: number) => Promise<number>;
const commandName = 'roomNameCuckoo';

interface Layout {
  bucketCount: number;
  bucketSize: number;
  fingerprintBits: number;
  maxKicks: number;
}

function layoutOf(options: RoomNameFilterOptions): Layout {
  const { bucketCount, bucketSize = 4, fingerprintBits = 16, maxKicks = 500 } = options;
  if (!Number.isInteger(bucketCount) || bucketCount < 1 || !Number.isInteger(Math.log2(bucketCount))) throw new RangeError('bucketCount must be a power of two');
  if (!Number.isInteger(bucketSize) || bucketSize < 1 || bucketSize > 16) throw new RangeError('bucketSize must be an integer in 1..16');
  if (!Number.isInteger(fingerprintBits) || fingerprintBits < 8 || fingerprintBits > 16) throw new RangeError('fingerprintBits must be an integer in 8..16');
  if (!Number.isInteger(maxKicks) || maxKicks < 0 || maxKicks > maxKicksLimit) throw new RangeError(`maxKicks must be an integer in 0..${maxKicksLimit}`);
  if (headerBytes * 8 + bucketCount * bucketSize * fingerprintBits > maxStringBits) throw new RangeError('the filter would exceed a 512 MiB Redis string');
  return { bucketCount, bucketSize, fingerprintBits, maxKicks };
}

/** Bucket index and a non-zero fingerprint (0 marks an empty slot) from independent halves of 64 hash bits. */
function locate(name: string, layout: Layout): { bucket: number; fingerprint: number } {
  const digest = createHash('sha256').update(name, 'utf8').digest();
  return {
    bucket: digest.readUInt32BE(0) % layout.bucketCount,
    fingerprint: (digest.readUInt32BE(4) % (2 ** layout.fingerprintBits - 1)) + 1,
  };
}

export function createRoomNameFilter(redis: Redis, options: RoomNameFilterOptions): RoomNameFilter {
  const layout = layoutOf(options);
  const logBucketCount = Math.log2(layout.bucketCount);
  // defineCommand sends EVALSHA and falls back to EVAL when Redis has not cached the script.
  if (!(commandName in redis)) redis.defineCommand(commandName, { numberOfKeys: 1, lua: cuckooScript });
  const cuckoo = (redis as unknown as Record<typeof commandName, CuckooCommand>)[commandName].bind(redis);
  const call = async (op: CuckooOp, name: string): Promise<boolean> => {
    const { bucket, fingerprint } = locate(name, layout);
    return (await cuckoo(options.key, op, bucket, fingerprint, logBucketCount, layout.bucketSize, layout.fingerprintBits, layout.maxKicks)) === 1;
  };
  return {
    add: (name) => call('add', name),
    mightContain: (name) => call('has', name),
    remove: (name) => call('del', name),
  };
}
