// The JSON Schemas in schema/ describe the files the app reads and writes: the built-in plan and
// every golden dataset file must validate, and a damaged one must not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';

const load = (p) => JSON.parse(readFileSync(p, 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: false });
const planSchema = load('schema/plan.schema.json');
const planValidator = () => ajv.getSchema(planSchema.$id) ?? ajv.compile(planSchema);
/** A schema's validator, compiled once. */
const compiled = (path) => {
  const schema = load(path);
  return ajv.getSchema(schema.$id) ?? ajv.compile(schema);
};

test('the built-in plan matches the plan schema', () => {
  const validate = planValidator();
  for (const f of readdirSync('plans').filter((f) => f.endsWith('.plan.json'))) {
    const ok = validate(load(`plans/${f}`));
    assert.ok(ok, `${f}: ${ajv.errorsText(validate.errors)}`);
  }
  const broken = load('plans/2024-pgddt-quan6.plan.json');
  broken.targets[1].items[0].goal.operator = '≥';
  assert.equal(validate(broken), false);
});

test('a plan edited in the app and held in the dataset matches the plan schema', () => {
  const validate = planValidator();
  const v3 = load('tests/golden/dataset-v3.json');
  const plans = Object.values(v3.data.plans).map((p) => p.v);
  assert.ok(plans.length >= 1);
  for (const p of plans) assert.ok(validate(p), `${p.id}: ${ajv.errorsText(validate.errors)}`);
  const broken = structuredClone(plans[0]);
  broken.reporting[0].window = { from: '2025-1', to: '2025-02' };
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

test('every golden submission file matches the schema of its version', () => {
  const files = readdirSync('tests/golden').filter((f) => /^submission-v\d+\.json$/.test(f));
  assert.ok(files.length >= 2);
  for (const f of files) {
    const version = f.match(/v(\d+)/)[1];
    const validate = compiled(`schema/submission.v${version}.schema.json`);
    const ok = validate(load(`tests/golden/${f}`));
    assert.ok(ok, `${f}: ${ajv.errorsText(validate.errors)}`);
  }
});

test('a submission matches its schema, and the hostile ones that break it do not', async () => {
  const { corpus, checksum } = await import('./hostile/make.mjs');
  const validate = compiled('schema/submission.v1.schema.json');
  const files = corpus();
  const valid = JSON.parse(files['valid.json']);
  assert.ok(validate(valid), ajv.errorsText(validate.errors));
  assert.equal(valid.checksum, checksum(valid));
  // The committed corpus is what make.mjs writes (regenerate it after changing the script).
  for (const [name, content] of Object.entries(files)) {
    assert.deepEqual(readFileSync(`tests/hostile/${name}`), Buffer.from(content), name);
  }
  for (const name of ['negative.json', 'fractional.json', 'script-name.json', 'newer-version.json']) {
    assert.equal(validate(JSON.parse(files[name])), false, name);
  }
  // Version 2 tells what was cleared; version 1 could not.
  const validate2 = compiled('schema/submission.v2.schema.json');
  const v2 = JSON.parse(files['valid-v2-removals.json']);
  assert.ok(validate2(v2), ajv.errorsText(validate2.errors));
  assert.equal(v2.checksum, checksum(v2));
  assert.equal(validate(JSON.parse(files['removal-in-v1.json'])), false);
  assert.equal(validate2(JSON.parse(files['newer-version.json'])), false);
  // Version 3: an office's file to the unit above, its schools beside its own data.
  const validate3 = compiled('schema/submission.v3.schema.json');
  const v3 = JSON.parse(files['valid-v3-office.json']);
  assert.ok(validate3(v3), ajv.errorsText(validate3.errors));
  assert.equal(v3.checksum, checksum(v3));
  for (const name of ['member-script-name.json', 'member-negative.json', 'member-an-office.json', 'office-in-v2.json']) {
    assert.equal(validate3(JSON.parse(files[name])), false, name);
  }
  assert.equal(validate2(v3), false);
});
