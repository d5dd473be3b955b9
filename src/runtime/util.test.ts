import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runtimeErrorText } from './util.js';

test('runtimeErrorText keeps the logrus messages of runc output, unescaped, without timestamps', () => {
  const runc = 'time="2026-11-22T04:23:47Z" level=error msg="runc create failed: unable to start container process: exec: \\"/nope\\": stat /nope: no such file or directory"\n';
  assert.equal(runtimeErrorText(runc), 'runc create failed: unable to start container process: exec: "/nope": stat /nope: no such file or directory');
  assert.equal(runtimeErrorText('level=warning msg="a"\nlevel=error msg="b"'), 'a; b');
  assert.equal(runtimeErrorText('  plain failure\n'), 'plain failure');
});
