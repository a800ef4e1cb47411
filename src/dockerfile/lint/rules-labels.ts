// LABEL rules: key syntax (DL3048) and the label schema from the configuration (DL3049–DL3058).
import { Label, Property } from 'dockerfile-ast';
import { LintContext } from './context';

const RESERVED = /^(com\.docker\.|io\.docker\.|org\.dockerproject\.)/;

/** A curated list of common SPDX identifiers; expressions combine them with AND/OR/WITH. */
const SPDX = new Set(
  ('0BSD AFL-3.0 AGPL-3.0 AGPL-3.0-only AGPL-3.0-or-later Apache-1.1 Apache-2.0 APSL-2.0 Artistic-2.0 BSD-1-Clause BSD-2-Clause ' +
    'BSD-2-Clause-Patent BSD-3-Clause BSD-3-Clause-Clear BSD-4-Clause BSL-1.0 BUSL-1.1 CC-BY-3.0 CC-BY-4.0 CC-BY-SA-3.0 CC-BY-SA-4.0 CC0-1.0 ' +
    'CDDL-1.0 CDDL-1.1 CECILL-2.1 EPL-1.0 EPL-2.0 EUPL-1.1 EUPL-1.2 GPL-1.0-only GPL-1.0-or-later GPL-2.0 GPL-2.0-only GPL-2.0-or-later ' +
    'GPL-3.0 GPL-3.0-only GPL-3.0-or-later ISC LGPL-2.0-only LGPL-2.0-or-later LGPL-2.1 LGPL-2.1-only LGPL-2.1-or-later LGPL-3.0 ' +
    'LGPL-3.0-only LGPL-3.0-or-later LPPL-1.3c MIT MIT-0 MPL-1.1 MPL-2.0 MS-PL MS-RL NCSA OFL-1.1 OpenSSL OSL-3.0 PHP-3.01 PostgreSQL ' +
    'Python-2.0 Ruby SSPL-1.0 Unicode-DFS-2016 Unlicense UPL-1.0 Vim W3C WTFPL X11 Zlib ZPL-2.1 Classpath-exception-2.0 LLVM-exception').split(' '),
);

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const SEMVER = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;
const EMAIL = /^[^\s@<>()]+@[^\s@<>()]+\.[^\s@<>()]+$/;
const URL_RE = /^[a-z][a-z0-9+.-]*:\/\/[^\s/?#]+[^\s]*$/i;
const GIT_HASH = /^([0-9a-f]{7,40}|[0-9a-f]{64})$/;

export function validKey(key: string): boolean {
  if (RESERVED.test(key)) return false;
  if (!/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/.test(key)) return false;
  return !/(\.\.|--|\.-|-\.)/.test(key);
}

function validSpdx(v: string): boolean {
  const tokens = v.replace(/[()]/g, ' ').split(/\s+/).filter(Boolean);
  if (!tokens.length) return false;
  return tokens.every((t, i) => (i % 2 === 1 ? ['AND', 'OR', 'WITH'].includes(t) : SPDX.has(t.replace(/\+$/, '')) || t.startsWith('LicenseRef-')));
}

export function checkLabels(ctx: LintContext): void {
  const schema = ctx.settings.labelSchema;
  const schemaKeys = Object.keys(schema);
  for (const stage of ctx.doc.stages) {
    const present = new Map<string, Property>();
    for (const ins of stage.instructions) {
      if (ins.getKeyword() !== 'LABEL') continue;
      for (const p of (ins as Label).getProperties()) {
        const key = p.getName().replace(/^(["'])(.*)\1$/, '$2');
        present.set(key, p);
        if (!key.includes('$') && !validKey(key)) {
          ctx.report('DL3048', p.getNameRange(), `Invalid label key \`${key}\`: use lower-case letters, digits, \`.\` and \`-\`, start and end with a letter or digit, and avoid the reserved com.docker., io.docker., org.dockerproject. namespaces.`);
        }
        if (!schemaKeys.length) continue;
        const type = schema[key];
        const value = (p.getUnescapedValue() ?? '').replace(/^(["'])(.*)\1$/, '$2');
        const vr = p.getValueRange() ?? p.getRange();
        if (type === undefined) {
          if (ctx.settings.strictLabels) ctx.report('DL3050', p.getNameRange(), `Superfluous label \`${key}\`: it is not in the label schema.`);
          continue;
        }
        if (value === '') {
          ctx.report('DL3051', vr, `Label \`${key}\` is empty.`);
          continue;
        }
        if (value.includes('$')) continue;
        const check: Record<string, [string, (v: string) => boolean, string]> = {
          url: ['DL3052', (v) => URL_RE.test(v), 'is not a valid URL'],
          rfc3339: ['DL3053', (v) => RFC3339.test(v), 'is not a valid time format - must conform to RFC3339'],
          spdx: ['DL3054', validSpdx, 'is not a valid SPDX license identifier'],
          hash: ['DL3055', (v) => GIT_HASH.test(v), 'is not a valid git hash'],
          semver: ['DL3056', (v) => SEMVER.test(v), 'does not conform to semantic versioning'],
          email: ['DL3058', (v) => EMAIL.test(v), 'is not a valid email format - must conform to RFC5322'],
        };
        const c = check[type];
        if (c && !c[1](value)) ctx.report(c[0], vr, `Label \`${key}\` ${c[2]}: \`${value}\`.`);
      }
    }
    if (stage.index === ctx.doc.stages.length - 1) {
      for (const key of schemaKeys) {
        if (!present.has(key)) ctx.report('DL3049', ctx.keywordRange(stage.from), `Label \`${key}\` is missing.`);
      }
    }
  }
}
