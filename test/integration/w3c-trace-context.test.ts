/**
 * W3C Trace Context (https://www.w3.org/TR/trace-context/, Level 1; Level 2 where it agrees):
 * what a callee receives from a Lynk service that is called with a given traceparent/tracestate.
 * Cases follow the spec and the w3c/trace-context test harness (`test/test.py`), which CI cannot
 * download. The service under test is `test/support/trace-context-endpoint`: common telemetry, then
 * express; it calls the recorder here with node's http client. No running stack is needed.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { startCallbackRecorder, type CallbackRecorder, type HeaderLine } from '../support/trace-context-endpoint/callback-recorder.ts';
import { startTraceContextEndpoint, type TraceContextEndpoint } from '../support/trace-context-endpoint/endpoint-process.ts';
import { rawPost } from '../support/trace-context-endpoint/raw-post.ts';

const traceId = '12345678901234567890123456789012';
const parentId = '1234567890123456';
const validTraceparent = `00-${traceId}-${parentId}-01`;
const outgoingTraceparent = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

interface Traceparent {
  traceId: string;
  parentId: string;
  flags: string;
}

let endpoint: TraceContextEndpoint;
let recorder: CallbackRecorder;

before(async () => {
  [endpoint, recorder] = await Promise.all([startTraceContextEndpoint(), startCallbackRecorder()]);
});
after(async () => {
  await Promise.all([endpoint?.stop(), recorder?.close()]);
});

/** Calls the endpoint with these header lines; it calls back `callbacks` times; returns what each callback carried. */
async function callThrough(headers: HeaderLine[], callbacks = 1): Promise<HeaderLine[][]> {
  const scope = `/${randomUUID()}`;
  const paths = Array.from({ length: callbacks }, (_, index) => `${scope}.${index}`);
  const response = await rawPost(endpoint.port, headers, paths.map((path) => ({ url: recorder.url(path), arguments: [] })));
  assert.equal(response.status, 200, `endpoint answered ${response.status}: ${response.body}`);
  return paths.map((path) => {
    const received = recorder.received(path);
    assert.ok(received, `the endpoint never called ${path}`);
    return received;
  });
}

const valuesOf = (headers: HeaderLine[], name: string) => headers.filter(([key]) => key.toLowerCase() === name).map(([, value]) => value);

/** The single traceparent the callee got, checked against the version 00 format the sender must use. */
function traceparentOf(headers: HeaderLine[]): Traceparent {
  const values = valuesOf(headers, 'traceparent');
  assert.equal(values.length, 1, `expected one traceparent, got ${JSON.stringify(values)}`);
  const match = outgoingTraceparent.exec(values[0]!);
  assert.ok(match, `outgoing traceparent ${values[0]} is not version 00 format`);
  const [, outgoingTraceId, outgoingParentId, flags] = match;
  assert.notEqual(outgoingTraceId, '0'.repeat(32), 'all-zero trace-id sent');
  assert.notEqual(outgoingParentId, '0'.repeat(16), 'all-zero parent-id sent');
  return { traceId: outgoingTraceId!, parentId: outgoingParentId!, flags: flags! };
}

/** The callee's tracestate as one combined value, or undefined when none was sent. */
function tracestateOf(headers: HeaderLine[]): string | undefined {
  const values = valuesOf(headers, 'tracestate');
  return values.length === 0 ? undefined : values.join(',');
}

async function forward(headers: HeaderLine[]): Promise<{ traceparent: Traceparent; tracestate: string | undefined }> {
  const [received] = await callThrough(headers);
  return { traceparent: traceparentOf(received!), tracestate: tracestateOf(received!) };
}

describe('a valid traceparent is continued', () => {
  it('keeps the trace-id and the sampled flag, with a new parent-id', async () => {
    const { traceparent } = await forward([['traceparent', validTraceparent]]);
    assert.deepEqual(traceparent, { traceId, parentId: traceparent.parentId, flags: '01' });
    assert.notEqual(traceparent.parentId, parentId);
  });

  it('keeps an unsampled flag unsampled', async () => {
    const { traceparent } = await forward([['traceparent', `00-${traceId}-${parentId}-00`]]);
    assert.equal(traceparent.traceId, traceId);
    assert.equal(traceparent.flags, '00');
    assert.notEqual(traceparent.parentId, parentId);
  });

  it('sets flags it does not know to zero and keeps sampled', async () => {
    const { traceparent } = await forward([['traceparent', `00-${traceId}-${parentId}-09`]]);
    assert.equal(traceparent.traceId, traceId);
    assert.equal(traceparent.flags, '01');
  });

  for (const [label, value] of [
    ['a leading space', ` ${validTraceparent}`],
    ['a leading tab', `\t${validTraceparent}`],
    ['trailing whitespace', `${validTraceparent} \t`],
  ] as const) {
    it(`ignores ${label} around the value`, async () => {
      const { traceparent } = await forward([['traceparent', value]]);
      assert.equal(traceparent.traceId, traceId);
    });
  }

  it('gives each outgoing call its own parent-id in the same trace', async () => {
    const received = (await callThrough([['traceparent', validTraceparent]], 3)).map(traceparentOf);
    assert.deepEqual(new Set(received.map((traceparent) => traceparent.traceId)), new Set([traceId]));
    assert.equal(new Set(received.map((traceparent) => traceparent.parentId)).size, 3);
  });
});

describe('without a traceparent a new trace starts', () => {
  it('sends a sampled version 00 traceparent with a fresh trace-id per incoming request', async () => {
    const first = await forward([]);
    const second = await forward([]);
    assert.equal(first.traceparent.flags, '01');
    assert.notEqual(first.traceparent.traceId, second.traceparent.traceId);
  });

  it('uses one trace for all calls made while handling one request', async () => {
    const received = (await callThrough([], 3)).map(traceparentOf);
    assert.equal(new Set(received.map((traceparent) => traceparent.traceId)).size, 1);
    assert.equal(new Set(received.map((traceparent) => traceparent.parentId)).size, 3);
  });
});

describe('an invalid traceparent restarts the trace and drops tracestate', () => {
  const invalid: [label: string, value: string][] = [
    ['version ff', `ff-${traceId}-${parentId}-01`],
    ['an all-zero trace-id', `00-${'0'.repeat(32)}-${parentId}-01`],
    ['an all-zero parent-id', `00-${traceId}-${'0'.repeat(16)}-01`],
    ['an uppercase trace-id', `00-${traceId.replace(/1/g, 'A')}-${parentId}-01`],
    ['an uppercase parent-id', `00-${traceId}-ABCDEF7890123456-01`],
    ['an uppercase version', `0A-${traceId}-${parentId}-01`],
    ['a 1-digit version', `0-${traceId}-${parentId}-01`],
    ['a 3-digit version', `000-${traceId}-${parentId}-01`],
    ['a 31-digit trace-id', `00-${traceId.slice(1)}-${parentId}-01`],
    ['a 33-digit trace-id', `00-${traceId}3-${parentId}-01`],
    ['a 15-digit parent-id', `00-${traceId}-${parentId.slice(1)}-01`],
    ['a 17-digit parent-id', `00-${traceId}-${parentId}7-01`],
    ['1-digit flags', `00-${traceId}-${parentId}-1`],
    ['3-digit flags', `00-${traceId}-${parentId}-001`],
    ['an extra field in version 00', `00-${traceId}-${parentId}-01-what-the-future-will-be-like`],
    ['a trailing character in version 00', `00-${traceId}-${parentId}-01.`],
    ['a dot in the version', `.0-${traceId}-${parentId}-01`],
    ['a non-hex letter in the trace-id', `00-${traceId.slice(0, 31)}g-${parentId}-01`],
    ['a dot in the parent-id', `00-${traceId}-.${parentId.slice(1)}-01`],
    ['a dot in the flags', `00-${traceId}-${parentId}-0.`],
    ['underscores as separators', `00_${traceId}_${parentId}_01`],
    ['an empty value', ''],
  ];
  for (const [label, value] of invalid) {
    it(`with ${label}`, async () => {
      const { traceparent, tracestate } = await forward([
        ['traceparent', value],
        ['tracestate', 'foo=1'],
      ]);
      assert.notEqual(traceparent.traceId, traceId);
      assert.notEqual(traceparent.parentId, parentId);
      assert.equal(tracestate, undefined);
    });
  }

  it('with two traceparent header lines', async () => {
    const otherTraceId = '12345678901234567890123456789011';
    const { traceparent } = await forward([
      ['traceparent', `00-${otherTraceId}-${parentId}-01`],
      ['traceparent', validTraceparent],
    ]);
    assert.notEqual(traceparent.traceId, traceId);
    assert.notEqual(traceparent.traceId, otherTraceId);
  });
});

describe('a future traceparent version is parsed by the version 00 layout', () => {
  it('continues the trace and answers with version 00', async () => {
    const { traceparent } = await forward([['traceparent', `cc-${traceId}-${parentId}-01`]]);
    assert.equal(traceparent.traceId, traceId);
    assert.equal(traceparent.flags, '01');
    assert.notEqual(traceparent.parentId, parentId);
  });

  it('ignores fields after the flags and does not forward them', async () => {
    const [received] = await callThrough([['traceparent', `cc-${traceId}-${parentId}-00-what-the-future-will-be-like`]]);
    const traceparent = traceparentOf(received!);
    assert.equal(traceparent.traceId, traceId);
    assert.equal(traceparent.flags, '00');
    assert.doesNotMatch(valuesOf(received!, 'traceparent')[0]!, /future/);
  });

  it('restarts the trace when the flags are followed by something other than a dash', async () => {
    const { traceparent } = await forward([['traceparent', `cc-${traceId}-${parentId}-01.what-the-future-will-be-like`]]);
    assert.notEqual(traceparent.traceId, traceId);
  });

  it('restarts the trace when the trace-id is not 32 hex digits followed by a dash', async () => {
    const { traceparent } = await forward([['traceparent', `cc-${traceId.slice(1)}-${parentId}-01-extra`]]);
    assert.ok(!traceparent.traceId.includes(traceId.slice(1)), `trace-id ${traceparent.traceId} reused the malformed one`);
    assert.notEqual(traceparent.parentId, parentId);
  });
});

describe('header names are case-insensitive and exact', () => {
  for (const name of ['TraceParent', 'TRACEPARENT', 'TrAcEpArEnT']) {
    it(`continues a trace from "${name}"`, async () => {
      const { traceparent } = await forward([[name, validTraceparent]]);
      assert.equal(traceparent.traceId, traceId);
    });
  }

  for (const name of ['TraceState', 'TRACESTATE', 'TrAcEsTaTe']) {
    it(`propagates tracestate from "${name}"`, async () => {
      const { tracestate } = await forward([
        ['traceparent', validTraceparent],
        [name, 'foo=1'],
      ]);
      assert.equal(tracestate, 'foo=1');
    });
  }

  for (const name of ['trace-parent', 'trace.parent', 'trace_parent']) {
    it(`does not read "${name}" as traceparent`, async () => {
      const { traceparent } = await forward([[name, validTraceparent]]);
      assert.notEqual(traceparent.traceId, traceId);
    });
  }

  for (const name of ['trace-state', 'trace.state']) {
    it(`does not read "${name}" as tracestate`, async () => {
      const { tracestate } = await forward([
        ['traceparent', validTraceparent],
        [name, 'foo=1'],
      ]);
      assert.equal(tracestate, undefined);
    });
  }
});

describe('tracestate', () => {
  const withTracestate = (...values: string[]) => forward([['traceparent', validTraceparent], ...values.map((value): HeaderLine => ['tracestate', value])]);

  it('is propagated unchanged with a valid traceparent', async () => {
    const { traceparent, tracestate } = await withTracestate('rojo=00f067aa0ba902b7,congo=t61rcWkgMzE');
    assert.equal(traceparent.traceId, traceId);
    assert.equal(tracestate, 'rojo=00f067aa0ba902b7,congo=t61rcWkgMzE');
  });

  it('is dropped without a traceparent', async () => {
    const { tracestate } = await forward([['tracestate', 'foo=1,bar=2']]);
    assert.equal(tracestate, undefined);
  });

  it('from several header lines is combined in order', async () => {
    const { tracestate } = await withTracestate('foo=1,bar=2', 'rojo=1,congo=2', 'baz=3');
    assert.equal(tracestate, 'foo=1,bar=2,rojo=1,congo=2,baz=3');
  });

  it('that is empty is accepted and not sent on', async () => {
    assert.equal((await withTracestate('')).tracestate, undefined);
    assert.equal((await withTracestate('foo=1', '')).tracestate, 'foo=1');
    assert.equal((await withTracestate('', 'foo=1')).tracestate, 'foo=1');
  });

  it('ignores spaces and tabs around list members and empty members', async () => {
    const { tracestate } = await withTracestate('foo=1 \t , \t bar=2,\t baz=3', ' , qux=4 ,');
    assert.equal(tracestate, 'foo=1,bar=2,baz=3,qux=4');
  });

  it('keeps every allowed key and value character, leading spaces of a value included', async () => {
    const key = 'abcdefghijklmnopqrstuvwxyz0123456789_-*/';
    const vendorKey = `${key}@a-z0-9_-*/`;
    const printable = Array.from({ length: 0x7e - 0x20 + 1 }, (_, index) => String.fromCharCode(0x20 + index));
    const value = printable.filter((character) => character !== ',' && character !== '=').join('');
    assert.equal((await withTracestate(`${key}=${value}`)).tracestate, `${key}=${value}`);
    assert.equal((await withTracestate(`${vendorKey}=${value}`)).tracestate, `${vendorKey}=${value}`);
  });

  // The spec lets a vendor discard the whole header or only the invalid members; Lynk (OTel JS) drops the members.
  it('never forwards members with an invalid key', async () => {
    const { tracestate } = await withTracestate('FOO=1,foo.bar=2,foo =3,@foo=4,ok=5');
    assert.equal(tracestate, 'ok=5');
  });

  it('never forwards members with an invalid value', async () => {
    const { tracestate } = await withTracestate(`foo=bar=baz,empty=,tab=a\tb,long=${'v'.repeat(257)},ok=1`);
    assert.equal(tracestate, 'ok=1');
  });

  it('accepts keys up to 256 characters and vendor keys within their limits', async () => {
    const longest = 'z'.repeat(256);
    const vendor = `${'t'.repeat(241)}@${'v'.repeat(14)}`;
    assert.equal((await withTracestate('foo=1', `${longest}=1`)).tracestate, `foo=1,${longest}=1`);
    assert.equal((await withTracestate('foo=1', `${vendor}=1`)).tracestate, `foo=1,${vendor}=1`);
    assert.equal((await withTracestate('foo=1', `${'z'.repeat(257)}=1`)).tracestate, 'foo=1');
  });

  it('keeps 32 list members', async () => {
    const members = Array.from({ length: 32 }, (_, index) => `bar${String(index + 1).padStart(2, '0')}=${index + 1}`);
    const { tracestate } = await withTracestate(members.slice(0, 10).join(','), members.slice(10, 20).join(','), members.slice(20).join(','));
    assert.equal(tracestate, members.join(','));
  });

  it('holds at most 32 list members, dropping the right-most', async () => {
    const members = Array.from({ length: 33 }, (_, index) => `bar${String(index + 1).padStart(2, '0')}=${index + 1}`);
    const { tracestate } = await withTracestate(members.slice(0, 20).join(','), members.slice(20).join(','));
    assert.equal(tracestate, members.slice(0, 32).join(','));
  });

  it('truncates a combined value over 512 characters by whole entries from the right', async () => {
    const members = Array.from({ length: 6 }, (_, index) => `k${index}=${'x'.repeat(97)}`);
    const { tracestate } = await withTracestate(members.join(','));
    assert.equal(tracestate, members.slice(0, 5).join(','));
  });

  for (const [label, values] of [
    ['in one header line', ['foo=1,foo=2']],
    ['across header lines', ['foo=1', 'foo=2']],
  ] as const) {
    it(`sends a duplicated key ${label} on once`, async () => {
      const { traceparent, tracestate } = await withTracestate(...values);
      assert.equal(traceparent.traceId, traceId);
      const foo = (tracestate ?? '').split(',').filter((member) => member.startsWith('foo='));
      assert.equal(foo.length, 1, `tracestate ${tracestate}`);
      assert.ok(foo[0] === 'foo=1' || foo[0] === 'foo=2', `tracestate ${tracestate}`);
    });
  }
});
