#!/usr/bin/env node
// What leptos_i18n would cost the first load, measured rather than guessed. Builds two small
// Leptos 0.8 apps that show the same texts — the frame's table of `src/i18n/vi.rs` and `en.rs`
// (the texts of the first load), each in a view, with a language switch — one through a plain
// struct of `&'static str` as the app does, one through leptos_i18n 0.6 (`t!`, its locale files
// and context). Both are built as the release bundle is (opt-level z, LTO, wasm-bindgen,
// wasm-opt -Oz) and their wasm compared brotli -11. Usage (needs the crates registry; a few
// minutes of build):
//   node scripts/i18n-compare.mjs [work-dir]
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';

const root = resolve(import.meta.dirname, '..');
const work = resolve(process.argv[2] ?? join(root, 'target', 'i18n-compare'));

/** The entries of a `pub static NAME: Texts = Texts { … };` table, as written in Rust. */
function table(file, name) {
  const text = readFileSync(join(root, 'src/i18n', file), 'utf8');
  const start = text.indexOf(`pub static ${name}: Texts = Texts {`);
  const body = text.slice(start, text.indexOf('\n};', start));
  const out = new Map();
  for (const m of body.matchAll(/^\s+([a-z_0-9]+):\s*"((?:[^"\\]|\\.)*)"/gms)) {
    const value = m[2]
      .replace(/\\u\{([0-9a-fA-F]+)\}/g, (_, h) => String.fromCodePoint(parseInt(h, 16)))
      .replace(/\\\n\s*/g, '')
      .replace(/\\(["'\\])/g, '$1')
      .replace(/\\n/g, '\n');
    out.set(m[1], value);
  }
  return out;
}

const vi = table('vi.rs', 'VI');
const en = table('en.rs', 'EN');
const keys = [...vi.keys()].filter((k) => en.has(k));
// A blank named like a Rust keyword cannot be a `t!` argument.
const blank = (b) => (b === 'where' ? 'at_' : b);
const blanks = (s) => [...new Set([...s.matchAll(/\{([a-z_]+)\}/g)].map((m) => m[1]))].sort();
const chunks = [];
for (let i = 0; i < keys.length; i += 40) chunks.push(keys.slice(i, i + 40));
const parts = chunks.map((_, n) => `<Part${n} />`).join('');

const write = (path, text) => {
  mkdirSync(join(work, path, '..'), { recursive: true });
  writeFileSync(join(work, path), text);
};

write('Cargo.toml', `[workspace]
members = ["table", "withi18n"]
resolver = "2"

[profile.release]
opt-level = "z"
lto = true
codegen-units = 1
panic = "abort"
`);
const manifest = (name, extra) => `[package]
name = "${name}"
version = "0.1.0"
edition = "2021"

[dependencies]
leptos = { version = "0.8", features = ["csr"] }
wasm-bindgen = "=0.2.130"
${extra}`;
write('table/Cargo.toml', manifest('table', ''));
write('withi18n/Cargo.toml', manifest('withi18n', `leptos_i18n = { version = "0.6", default-features = false, features = ["csr"] }

[package.metadata.leptos-i18n]
default = "vi"
locales = ["vi", "en"]
`));

// The app's way: a struct of static strings per language, blanks filled at run time.
const field = (k) => `    pub ${k}: &'static str,`;
const entries = (m) => keys.map((k) => `    ${k}: ${JSON.stringify(m.get(k))},`).join('\n');
write('table/src/table.rs', `pub struct T {\n${keys.map(field).join('\n')}\n}\n` +
  `pub static VI: T = T {\n${entries(vi)}\n};\npub static EN: T = T {\n${entries(en)}\n};\n`);
const tableView = (k) => blanks(vi.get(k)).length
  ? `<p>{fill(t.${k}, &[${blanks(vi.get(k)).map((b) => `("${b}", "x")`).join(', ')}])}</p>`
  : `<p>{t.${k}}</p>`;
write('table/src/main.rs', `use leptos::prelude::*;
mod table;

fn fill(text: &str, args: &[(&str, &str)]) -> String {
    let mut out = text.to_string();
    for (k, v) in args {
        out = out.replace(&format!("{{{k}}}"), v);
    }
    out
}
${chunks.map((ch, n) => `
#[component]
fn Part${n}() -> impl IntoView {
    let lang = use_context::<RwSignal<bool>>().unwrap();
    move || {
        let t = if lang.get() { &table::EN } else { &table::VI };
        view! { ${ch.map(tableView).join(' ')} }
    }
}
`).join('')}
#[component]
fn App() -> impl IntoView {
    let lang = RwSignal::new(false);
    provide_context(lang);
    view! { <button on:click=move |_| lang.update(|l| *l = !*l)>"lang"</button> ${parts} }
}

fn main() {
    leptos::mount::mount_to_body(App);
}
`);

// leptos_i18n's way: locale files, `t!` with the blanks as arguments.
const locale = (m) => JSON.stringify(Object.fromEntries(keys.map((k) =>
  [k, m.get(k).replace(/\{([a-z_]+)\}/g, (_, b) => `{{ ${blank(b)} }}`)])), null, 1);
write('withi18n/locales/vi.json', locale(vi));
write('withi18n/locales/en.json', locale(en));
const i18nView = (k) => blanks(vi.get(k)).length
  ? `<p>{t!(i18n, ${k}, ${blanks(vi.get(k)).map((b) => `${blank(b)} = "x"`).join(', ')})}</p>`
  : `<p>{t!(i18n, ${k})}</p>`;
write('withi18n/src/main.rs', `#![allow(deprecated)]
use leptos::prelude::*;
leptos_i18n::load_locales!();
use i18n::*;
${chunks.map((ch, n) => `
#[component]
fn Part${n}() -> impl IntoView {
    let i18n = use_i18n();
    view! { ${ch.map(i18nView).join(' ')} }
}
`).join('')}
#[component]
fn Switch() -> impl IntoView {
    let i18n = use_i18n();
    let next = move |_| {
        let to = if i18n.get_locale() == Locale::vi { Locale::en } else { Locale::vi };
        i18n.set_locale(to)
    };
    view! { <button on:click=next>"lang"</button> }
}

#[component]
fn App() -> impl IntoView {
    view! { <I18nContextProvider><Switch />${parts}</I18nContextProvider> }
}

fn main() {
    leptos::mount::mount_to_body(App);
}
`);

const run = (cmd, args) => execFileSync(cmd, args, { cwd: work, stdio: ['ignore', 'inherit', 'inherit'] });
run('cargo', ['build', '--release', '--target', 'wasm32-unknown-unknown', '-p', 'table', '-p', 'withi18n']);
const sizes = {};
for (const name of ['table', 'withi18n']) {
  const out = join(work, 'out', name);
  run('wasm-bindgen', ['--target', 'web', '--out-dir', out, `target/wasm32-unknown-unknown/release/${name}.wasm`]);
  run('wasm-opt', ['-Oz', '--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-sign-ext',
    '--enable-mutable-globals', join(out, `${name}_bg.wasm`), '-o', join(out, 'opt.wasm')]);
  const bytes = readFileSync(join(out, 'opt.wasm'));
  sizes[name] = brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length / 1024;
}
console.log(`${keys.length} texts in two languages, wasm brotli -11:`);
console.log(`  a struct of &'static str (the app's way): ${sizes.table.toFixed(1)} KB`);
console.log(`  leptos_i18n 0.6:                          ${sizes.withi18n.toFixed(1)} KB`);
console.log(`  difference:                               ${(sizes.withi18n - sizes.table).toFixed(1)} KB`);
