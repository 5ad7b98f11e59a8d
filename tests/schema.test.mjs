// The JSON Schemas in schema/ describe the files the app reads and writes: the built-in plan and
// every golden dataset file must validate, and a damaged one must not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';

const load = (p) => JSON.parse(readFileSync(p, 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: false });

test('the built-in plan matches the plan schema', () => {
  const validate = ajv.compile(load('schema/plan.schema.json'));
  for (const f of readdirSync('plans').filter((f) => f.endsWith('.plan.json'))) {
    const ok = validate(load(`plans/${f}`));
    assert.ok(ok, `${f}: ${ajv.errorsText(validate.errors)}`);
  }
  const broken = load('plans/2024-pgddt-quan6.plan.json');
  broken.targets[1].items[0].goal.operator = '≥';
  assert.equal(validate(broken), false);
});

test('every golden dataset file matches the schema of its version', () => {
  const files = readdirSync('tests/golden').filter((f) => /^dataset-v\d+\.json$/.test(f));
  assert.ok(files.length >= 1);
  for (const f of files) {
    const version = f.match(/v(\d+)/)[1];
    const validate = ajv.compile(load(`schema/dataset.v${version}.schema.json`));
    const ok = validate(load(`tests/golden/${f}`));
    assert.ok(ok, `${f}: ${ajv.errorsText(validate.errors)}`);
  }
});
