import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatTimestamp, LineJoiner, parseRecord } from './cri-log.js';

test('parses a full CRI record', () => {
  const r = parseRecord(Buffer.from('2016-10-06T00:17:09.669794202Z stdout F hello world'));
  assert.equal(r.stream, 'stdout');
  assert.equal(r.partial, false);
  assert.equal(r.content.toString(), 'hello world');
  assert.equal(r.ms, Date.parse('2016-10-06T00:17:09.669Z'));
});

test('joins partial records into one line with the first record time', () => {
  const j = new LineJoiner();
  const lines = j.push(
    Buffer.from('2016-10-06T00:17:09.1Z stdout P hel\n2016-10-06T00:17:09.2Z stderr F err\n2016-10-06T00:17:09.3Z stdout F lo\n2016-10-06T00:17:10Z stdout F'),
  );
  assert.deepEqual(
    lines.map((l) => [l.time, l.stream, l.content.toString()]),
    [
      ['2016-10-06T00:17:09.2Z', 'stderr', 'err\n'],
      ['2016-10-06T00:17:09.1Z', 'stdout', 'hello\n'],
    ],
  );
  // The unterminated last record completes once its newline arrives; an empty F record is an empty line.
  assert.deepEqual(j.push(Buffer.from(' \n')).map((l) => l.content.toString()), ['\n']);
});

test('formats timestamps with nine fractional digits', () => {
  assert.equal(formatTimestamp('2016-10-06T00:17:09.6697942Z'), '2016-10-06T00:17:09.669794200Z');
  assert.equal(formatTimestamp('2016-10-06T00:17:09Z'), '2016-10-06T00:17:09.000000000Z');
  assert.equal(formatTimestamp('2016-10-06T02:17:09.5+02:00'), '2016-10-06T00:17:09.500000000Z');
});
