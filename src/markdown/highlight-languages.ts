/**
 * The languages code blocks are highlighted in: the ones course material is
 * written in (shell sessions, data analysis, spreadsheets, the web, systems
 * languages). highlight.js's core with these alone loads in about a third of
 * the time of its full build of 190 languages (docs/performance.md). A
 * language not listed prints plain, as an unknown one does.
 */
import hljs from 'highlight.js/lib/core';
import lang_bash from 'highlight.js/lib/languages/bash';
import lang_shell from 'highlight.js/lib/languages/shell';
import lang_python from 'highlight.js/lib/languages/python';
import lang_r from 'highlight.js/lib/languages/r';
import lang_sql from 'highlight.js/lib/languages/sql';
import lang_json from 'highlight.js/lib/languages/json';
import lang_yaml from 'highlight.js/lib/languages/yaml';
import lang_javascript from 'highlight.js/lib/languages/javascript';
import lang_typescript from 'highlight.js/lib/languages/typescript';
import lang_excel from 'highlight.js/lib/languages/excel';
import lang_plaintext from 'highlight.js/lib/languages/plaintext';
import lang_markdown from 'highlight.js/lib/languages/markdown';
import lang_xml from 'highlight.js/lib/languages/xml';
import lang_css from 'highlight.js/lib/languages/css';
import lang_powershell from 'highlight.js/lib/languages/powershell';
import lang_java from 'highlight.js/lib/languages/java';
import lang_c from 'highlight.js/lib/languages/c';
import lang_cpp from 'highlight.js/lib/languages/cpp';
import lang_csharp from 'highlight.js/lib/languages/csharp';
import lang_go from 'highlight.js/lib/languages/go';
import lang_rust from 'highlight.js/lib/languages/rust';
import lang_php from 'highlight.js/lib/languages/php';
import lang_ruby from 'highlight.js/lib/languages/ruby';
import lang_julia from 'highlight.js/lib/languages/julia';
import lang_matlab from 'highlight.js/lib/languages/matlab';
import lang_dos from 'highlight.js/lib/languages/dos';
import lang_ini from 'highlight.js/lib/languages/ini';
import lang_diff from 'highlight.js/lib/languages/diff';
import lang_makefile from 'highlight.js/lib/languages/makefile';
import lang_dockerfile from 'highlight.js/lib/languages/dockerfile';
import lang_latex from 'highlight.js/lib/languages/latex';
import lang_scala from 'highlight.js/lib/languages/scala';
import lang_kotlin from 'highlight.js/lib/languages/kotlin';
import lang_swift from 'highlight.js/lib/languages/swift';
import lang_perl from 'highlight.js/lib/languages/perl';
import lang_lua from 'highlight.js/lib/languages/lua';
import lang_haskell from 'highlight.js/lib/languages/haskell';
import lang_stata from 'highlight.js/lib/languages/stata';
import lang_vbnet from 'highlight.js/lib/languages/vbnet';
import lang_properties from 'highlight.js/lib/languages/properties';
import lang_pgsql from 'highlight.js/lib/languages/pgsql';

const LANGUAGES = {
  bash: lang_bash,
  shell: lang_shell,
  python: lang_python,
  r: lang_r,
  sql: lang_sql,
  json: lang_json,
  yaml: lang_yaml,
  javascript: lang_javascript,
  typescript: lang_typescript,
  excel: lang_excel,
  plaintext: lang_plaintext,
  markdown: lang_markdown,
  xml: lang_xml,
  css: lang_css,
  powershell: lang_powershell,
  java: lang_java,
  c: lang_c,
  cpp: lang_cpp,
  csharp: lang_csharp,
  go: lang_go,
  rust: lang_rust,
  php: lang_php,
  ruby: lang_ruby,
  julia: lang_julia,
  matlab: lang_matlab,
  dos: lang_dos,
  ini: lang_ini,
  diff: lang_diff,
  makefile: lang_makefile,
  dockerfile: lang_dockerfile,
  latex: lang_latex,
  scala: lang_scala,
  kotlin: lang_kotlin,
  swift: lang_swift,
  perl: lang_perl,
  lua: lang_lua,
  haskell: lang_haskell,
  stata: lang_stata,
  vbnet: lang_vbnet,
  properties: lang_properties,
  pgsql: lang_pgsql,
};

for (const [name, definition] of Object.entries(LANGUAGES)) hljs.registerLanguage(name, definition);

export { hljs };
