import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expand, mappingFor } from './expand.js';

const vars = mappingFor(new Map([['VAR_A', 'A'], ['VAR_B', 'B'], ['EMPTY', '']]));

test('expands defined variables and keeps undefined ones', () => {
  assert.equal(expand('$(VAR_A)-$(VAR_B)', vars), 'A-B');
  assert.equal(expand('x$(NOPE)y', vars), 'x$(NOPE)y');
  assert.equal(expand('[$(EMPTY)]', vars), '[]');
});

test('$$ escapes, lone and trailing $ stay literal', () => {
  assert.equal(expand('$$(VAR_A)', vars), '$(VAR_A)');
  assert.equal(expand('$$$(VAR_A)', vars), '$A');
  assert.equal(expand('cost $5', vars), 'cost $5');
  assert.equal(expand('end$', vars), 'end$');
  assert.equal(expand('$(VAR_A', vars), '$(VAR_A');
  assert.equal(expand('$()', vars), '$()');
});

test('first map wins', () => {
  const m = mappingFor(new Map([['X', '1']]), new Map([['X', '2'], ['Y', '3']]));
  assert.equal(expand('$(X)$(Y)', m), '13');
});
