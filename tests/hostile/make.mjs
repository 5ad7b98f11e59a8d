// Writes the corpus of hostile submission files next to this script, from one valid file whose
// checksum is computed here — independently of the app — with the RFC 8785 reference
// implementation (`canonicalize`) and Node's SHA-256. `expected.json` says what the app must
// answer to each file; `tests/hostile.rs` checks it natively, `tests/e2e/exchange.test.mjs` end to
// end. The 50 MB file is made by the tests themselves rather than committed.
//
//   node tests/hostile/make.mjs
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import canonicalize from 'canonicalize';

const here = dirname(fileURLToPath(import.meta.url));

export function checksum(doc) {
  const { checksum: _, ...rest } = doc;
  return 'sha256-' + createHash('sha256').update(canonicalize(rest), 'utf8').digest('hex');
}

export function sealed(doc) {
  return { ...doc, checksum: checksum(doc) };
}

export function valid() {
  return sealed({
    format: 'cchc-submission',
    schema_version: 1,
    app_version: '0.1.0',
    id: 's-hostile-base',
    revision: 1,
    made_at: 1709190000000,
    plan: { id: 'pgddt-quan6-2024', year: 2024 },
    unit: { id: 'u-th07', name: 'Trường TH Bình Tiên', level: 'tieu_hoc', code: 'TH07' },
    period: { report: 'q1', months: { from: '2024-01', to: '2024-02' } },
    data: {
      figures: {
        '2024-01': { vb_tong: 30, vb_dien_tu: 27, cb_tong: 40, cb_chu_ky_so: 12 },
        '2024-02': { vb_tong: 25, vb_dien_tu: 25 },
      },
      tasks: { '1.2': { status: 'done', evidence: [{ id: 'e1', doc_number: '12/KH-TH' }] } },
      assessments: {},
      surveys: [
        {
          id: 'ks-th07-1',
          name: 'Đợt 1',
          respondent: 'parents',
          month: '2024-02',
          distributed: 120,
          returned: 100,
          questionnaire: {
            id: 'q',
            level: 'tieu_hoc',
            name: 'Phiếu',
            areas: [{ id: 'a', name: 'Chung', criteria: [{ id: 'c1', text: 'Tiêu chí 1' }] }],
            overall: { id: 'chung', text: 'Nhìn chung' },
          },
          tallies: { c1: { n: [1, 2, 7, 40, 50], blank: 0 }, chung: { n: [0, 2, 8, 40, 50], blank: 0 } },
        },
      ],
    },
  });
}

const text = (doc) => JSON.stringify(doc, null, 2);
const edit = (f) => {
  const d = structuredClone(valid());
  f(d);
  return d;
};

/** file → [expected error kind, path (or "" for the whole file)] */
export const expected = {
  'valid.json': null,
  'empty.json': ['Empty', ''],
  'not-json.json': ['Syntax', ''],
  'invalid-utf8.json': ['NotUtf8', ''],
  'wrong-top-level.json': ['WrongFormat', ''],
  'truncated.json': ['Syntax', ''],
  'newer-version.json': ['NewerVersion', 'schema_version'],
  'stale-checksum.json': ['Checksum', 'checksum'],
  'duplicate-keys.json': ['Duplicate', ''],
  'negative.json': ['NotACount', 'data.figures.2024-01.vb_tong'],
  'fractional.json': ['NotACount', 'data.figures.2024-01.vb_tong'],
  'huge-1e400.json': ['NotACount', ''],
  'huge-2p64.json': ['NotACount', 'data.figures.2024-01.vb_tong'],
  'part-above-whole.json': ['AboveWhole', 'data.figures.2024-02.vb_dien_tu'],
  'other-plan.json': ['OtherPlan', 'plan.id'],
  'script-name.json': ['UnsafeText', 'unit.name'],
  'deep-nesting.json': ['TooDeep', ''],
  'tally-row-sum.json': ['RowSum', 'data.surveys[0].tallies.c1'],
  'unknown-field.json': ['UnknownRef', 'data.figures.2024-01.hs_tiep_nhan'],
  'valid-v2-removals.json': null,
  'removal-and-value.json': ['Duplicate', 'data.removed.figures.2024-01.vb_tong'],
  'removal-unknown-field.json': ['UnknownRef', 'data.removed.figures.2024-02.hs_tiep_nhan'],
  'removal-outside-period.json': ['OutOfRange', 'data.removed.figures.2024-03'],
  'removal-of-unknown-round-row.json': ['UnknownRef', 'data.removed.tallies.ks-khac'],
  'removal-in-v1.json': ['UnknownRef', 'data.removed'],
  'valid-v3-office.json': null,
  'member-twice.json': ['Duplicate', 'members[1].unit.id'],
  'member-script-name.json': ['UnsafeText', 'members[0].unit.name'],
  'member-negative.json': ['NotACount', 'members[0].data.figures.2024-01.vb_tong'],
  'member-row-sum.json': ['RowSum', 'members[0].data.surveys[0].tallies.c1'],
  'member-office-field.json': ['UnknownRef', 'members[0].data.figures.2024-01.hs_tiep_nhan'],
  'member-an-office.json': ['OtherLevel', 'members[0].unit.kind'],
  'members-from-a-school.json': ['UnknownRef', 'members'],
  'office-in-v2.json': ['UnknownRef', 'unit.kind'],
};

/** A version 3 file: an office's to the unit above, its own dossiers and the school's data
 * beside them. */
const v3 = (d) => {
  const school = { unit: d.unit, data: d.data };
  d.schema_version = 3;
  d.id = 's-hostile-office';
  d.unit = { id: 'u-vhxh', kind: 'office', name: 'Phòng Văn hóa - Xã hội (thử)', code: 'VHXH' };
  d.data = { figures: { '2024-01': { hs_tiep_nhan: 12, hs_gq_dung_han: 11, vb_tong: 40, vb_dien_tu: 38 } } };
  d.members = [school];
};

/** A version 2 file: what the school cleared, each with when. */
const v2 = (d) => {
  d.schema_version = 2;
  d.data.removed = {
    figures: { '2024-02': { cb_tong: 1709100000000 } },
    assessments: { '4': 1709100000000 },
    surveys: { 'ks-th07-0': { month: '2024-01', at: 1709100000000 } },
  };
};

export function corpus() {
  const base = text(valid());
  const sealedText = (f) => text(sealed(edit(f)));
  return {
    'valid.json': base,
    'empty.json': '',
    'not-json.json': 'Báo cáo quý I — not JSON at all\n',
    'invalid-utf8.json': Buffer.concat([Buffer.from('{"format":"cchc-submission","x":"'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"}')]),
    'wrong-top-level.json': '[' + base + ']',
    'truncated.json': base.slice(0, Math.floor(base.length / 2)),
    'newer-version.json': sealedText((d) => { d.schema_version = 4; }),
    'stale-checksum.json': text(edit((d) => { d.data.figures['2024-01'].vb_tong = 31; })),
    'duplicate-keys.json': base.replace('"vb_tong": 30,', '"vb_tong": 30,\n        "vb_tong": 300,'),
    'negative.json': sealedText((d) => { d.data.figures['2024-01'].vb_tong = -5; }),
    'fractional.json': sealedText((d) => { d.data.figures['2024-01'].vb_tong = 2.5; }),
    'huge-1e400.json': base.replace('"vb_tong": 30,', '"vb_tong": 1e400,'),
    'huge-2p64.json': base.replace('"vb_tong": 30,', '"vb_tong": 18446744073709551617,'),
    'part-above-whole.json': sealedText((d) => { d.data.figures['2024-02'].vb_dien_tu = 26; }),
    'other-plan.json': sealedText((d) => { d.plan = { id: 'pgddt-quan1-2025', year: 2025 }; }),
    'script-name.json': sealedText((d) => { d.unit.name = '<script>document.title="pwned"</script><img src=x onerror=alert(1)>'; }),
    'deep-nesting.json': '{"format":"cchc-submission","schema_version":1,"data":' + '['.repeat(10000) + ']'.repeat(10000) + '}',
    'tally-row-sum.json': sealedText((d) => { d.data.surveys[0].tallies.c1.n[4] = 51; }),
    'unknown-field.json': sealedText((d) => { d.data.figures['2024-01'].hs_tiep_nhan = 3; }),
    'valid-v2-removals.json': sealedText(v2),
    'removal-and-value.json': sealedText((d) => { v2(d); d.data.removed.figures['2024-01'] = { vb_tong: 1709100000000 }; }),
    'removal-unknown-field.json': sealedText((d) => { v2(d); d.data.removed.figures['2024-02'].hs_tiep_nhan = 1709100000000; }),
    'removal-outside-period.json': sealedText((d) => { v2(d); d.data.removed.figures['2024-03'] = { vb_tong: 1709100000000 }; }),
    'removal-of-unknown-round-row.json': sealedText((d) => { v2(d); d.data.removed.tallies = { 'ks-khac': { c1: 1709100000000 } }; }),
    'removal-in-v1.json': sealedText((d) => { v2(d); d.schema_version = 1; }),
    'valid-v3-office.json': sealedText(v3),
    'member-twice.json': sealedText((d) => { v3(d); d.members.push(structuredClone(d.members[0])); }),
    'member-script-name.json': sealedText((d) => { v3(d); d.members[0].unit.name = '<img src=x onerror=alert(1)>'; }),
    'member-negative.json': sealedText((d) => { v3(d); d.members[0].data.figures['2024-01'].vb_tong = -1; }),
    'member-row-sum.json': sealedText((d) => { v3(d); d.members[0].data.surveys[0].tallies.c1.n[4] = 51; }),
    'member-office-field.json': sealedText((d) => { v3(d); d.members[0].data.figures['2024-01'].hs_tiep_nhan = 3; }),
    'member-an-office.json': sealedText((d) => { v3(d); d.members[0].unit.kind = 'office'; }),
    'members-from-a-school.json': sealedText((d) => { v3(d); d.unit.kind = 'school'; d.data = {}; }),
    'office-in-v2.json': sealedText((d) => { v3(d); d.schema_version = 2; d.members = []; }),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const [name, content] of Object.entries(corpus())) writeFileSync(join(here, name), content);
  writeFileSync(join(here, 'expected.json'), JSON.stringify(expected, null, 2) + '\n');
}
