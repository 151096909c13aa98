import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contentDisposition } from '../src/domain/content-disposition.ts';

describe('Content-Disposition', () => {
  it('names an ASCII file plainly and exactly', () => {
    assert.equal(contentDisposition('attachment', 'report.pdf'), `attachment; filename="report.pdf"; filename*=UTF-8''report.pdf`);
  });

  it('gives non-ASCII names an ASCII fallback and the exact name in filename*', () => {
    assert.equal(contentDisposition('inline', 'Ünïcödé 猫.png'), `inline; filename="Unicode .png"; filename*=UTF-8''%C3%9Cn%C3%AFc%C3%B6d%C3%A9%20%E7%8C%AB.png`);
  });

  it('cannot be broken out of by quotes, semicolons or line breaks', () => {
    const header = contentDisposition('attachment', 'a"; filename="evil.html\r\nx.txt');
    assert.doesNotMatch(header, /[\r\n]/);
    assert.equal(header.split('"').length, 3, 'exactly one quoted string');
  });
});
