import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { rememberModuleResolution } from '../src/telemetry/remembered-module-resolution.ts';

const require = createRequire(import.meta.url);
const Module = require('node:module') as { _resolveFilename: (request: string, parent: unknown) => string; _nodeModulePaths: (dir: string) => string[] };
const NodeModule = require('node:module') as new (id: string) => { filename: string; paths: string[] };

describe('remembered module resolution', () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'lynk-resolve-'));
  after(() => rmSync(folder, { recursive: true, force: true }));
  const parent = new NodeModule(path.join(folder, 'parent.js'));
  parent.filename = path.join(folder, 'parent.js');
  parent.paths = Module._nodeModulePaths(folder);

  it('resolves as Node does, and a module that appears later is found (failures are not remembered)', () => {
    writeFileSync(path.join(folder, 'present.js'), 'module.exports = 1;');
    const before = Module._resolveFilename('./present', parent);
    rememberModuleResolution();
    assert.equal(Module._resolveFilename('./present', parent), before);
    assert.equal(Module._resolveFilename('./present', parent), path.join(folder, 'present.js'));

    assert.throws(() => Module._resolveFilename('./later', parent), { code: 'MODULE_NOT_FOUND' });
    writeFileSync(path.join(folder, 'later.js'), 'module.exports = 2;');
    assert.equal(Module._resolveFilename('./later', parent), path.join(folder, 'later.js'));
  });

  it('keeps requests from different modules apart', () => {
    rememberModuleResolution();
    const kafkaProduce = new NodeModule(require.resolve('kafkajs/src/protocol/requests/produce/index.js'));
    kafkaProduce.filename = require.resolve('kafkajs/src/protocol/requests/produce/index.js');
    kafkaProduce.paths = Module._nodeModulePaths(path.dirname(kafkaProduce.filename));
    const kafkaFetch = new NodeModule(require.resolve('kafkajs/src/protocol/requests/fetch/index.js'));
    kafkaFetch.filename = require.resolve('kafkajs/src/protocol/requests/fetch/index.js');
    kafkaFetch.paths = Module._nodeModulePaths(path.dirname(kafkaFetch.filename));

    assert.match(Module._resolveFilename('./v7/request', kafkaProduce), /produce\/v7\/request\.js$/);
    assert.match(Module._resolveFilename('./v7/request', kafkaFetch), /fetch\/v7\/request\.js$/);
  });
});
