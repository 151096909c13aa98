import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sanitiseFileName } from '../src/domain/file-name.ts';

describe('uploaded file names', () => {
  it('keep what the person typed, with the extension of the detected type', () => {
    assert.equal(sanitiseFileName('Holiday photo.JPG', 'jpg'), 'Holiday photo.jpg');
    assert.equal(sanitiseFileName('report.final.pdf', 'pdf'), 'report.final.pdf');
  });

  it('never carry a path', () => {
    assert.equal(sanitiseFileName('../../etc/passwd', 'txt'), 'passwd.txt');
    assert.equal(sanitiseFileName('C:\\Users\\me\\secret.docx', 'docx'), 'secret.docx');
  });

  it('cannot disguise an extension with bidi overrides or control characters', () => {
    assert.equal(sanitiseFileName('invoice\u202Efdp.exe', 'pdf'), 'invoicefdp.pdf');
    assert.equal(sanitiseFileName('a\u0000b\r\n.png', 'png'), 'ab.png');
  });

  it('a renamed file gets the extension of what it really is', () => {
    assert.equal(sanitiseFileName('cat.png', 'jpg'), 'cat.jpg');
  });

  it('replace characters filesystems reject and bound the length', () => {
    assert.equal(sanitiseFileName('a<b>c:"d|e?f*.txt', 'txt'), 'a_b_c__d_e_f_.txt');
    assert.equal(sanitiseFileName(`${'x'.repeat(500)}.txt`, 'txt').length, 124);
  });

  it('an empty or dot-only name becomes "file"', () => {
    assert.equal(sanitiseFileName(undefined, 'png'), 'file.png');
    assert.equal(sanitiseFileName('...', 'png'), 'file.png');
    assert.equal(sanitiseFileName('.htaccess', 'txt'), 'file.txt');
  });
});
