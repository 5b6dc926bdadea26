/// <reference types="mocha" />
// The suppression comments the "Disable …" actions insert, and the line diff fix-all edits are made of.
import * as assert from 'node:assert/strict';
import { applyEdits } from '../../../src/core/fixes/apply';
import { findSuppressions, isSuppressed } from '../../../src/core/suppress/suppressions';
import { diffEdits } from '../../../src/extension/convert';
import { disableForFileEdits, disableForLineEdits } from '../../../src/extension/suppressEdits';

const XML = '<?xml version="1.0"?>\n<a>\n    <b>1</b>\n</a>\n';
const TOML = '[database.apim_db]\n  url = "x"\n';

describe('suppression edits', () => {
  it('disable-next-line: XML comment with the indentation, understood by the core', () => {
    const out = applyEdits(XML, disableForLineEdits('x-datasources.xml', XML, 2, 'pool/max-age'));
    assert.equal(out, '<?xml version="1.0"?>\n<a>\n    <!-- aurora-guard-disable-next-line pool/max-age -->\n    <b>1</b>\n</a>\n');
    assert.ok(isSuppressed(findSuppressions(out), 'pool/max-age', 3));
  });

  it('disable-next-line: a second rule joins the comment above', () => {
    const once = applyEdits(XML, disableForLineEdits('x-datasources.xml', XML, 2, 'pool/max-age'));
    const twice = applyEdits(once, disableForLineEdits('x-datasources.xml', once, 3, 'pool/max-wait'));
    assert.match(twice, /<!-- aurora-guard-disable-next-line pool\/max-age, pool\/max-wait -->\n {4}<b>1<\/b>/);
    assert.ok(isSuppressed(findSuppressions(twice), 'pool/max-wait', 3));
    assert.deepEqual(disableForLineEdits('x-datasources.xml', twice, 3, 'pool/max-age'), []);
  });

  it('disable-next-line: # comment in TOML; same-line comment on an XML declaration', () => {
    assert.equal(
      applyEdits(TOML, disableForLineEdits('deployment.toml', TOML, 1, 'jdbc/tls')),
      '[database.apim_db]\n  # aurora-guard-disable-next-line jdbc/tls\n  url = "x"\n',
    );
    assert.equal(
      applyEdits(XML, disableForLineEdits('x-datasources.xml', XML, 0, 'jvm/dns-ttl')).split('\n')[0],
      '<?xml version="1.0"?> <!-- aurora-guard-disable-line jvm/dns-ttl -->',
    );
  });

  it('disable-file: after the XML declaration, at the top of TOML, CRLF kept, rules joined', () => {
    assert.equal(
      applyEdits(XML, disableForFileEdits('x-datasources.xml', XML, 'pool/max-age')).split('\n')[1],
      '<!-- aurora-guard-disable-file pool/max-age -->',
    );
    const crlf = TOML.replace(/\n/g, '\r\n');
    const t1 = applyEdits(crlf, disableForFileEdits('deployment.toml', crlf, 'jdbc/tls'));
    assert.ok(t1.startsWith('# aurora-guard-disable-file jdbc/tls\r\n[database'));
    const t2 = applyEdits(t1, disableForFileEdits('deployment.toml', t1, 'pool/max-age'));
    assert.ok(t2.startsWith('# aurora-guard-disable-file jdbc/tls, pool/max-age\r\n'));
    const s = findSuppressions(t2);
    assert.ok(isSuppressed(s, 'jdbc/tls', 2) && isSuppressed(s, 'pool/max-age', 1));
  });
});

describe('line diff (fix-all edits)', () => {
  const cases: [string, string][] = [
    ['a\nb\nc\n', 'a\nB\nc\n'],
    ['a\nb\nc', 'a\nb\nc\nd'],
    ['', 'x\n'],
    ['x\n', ''],
    ['1\n2\n3\n4\n5\n6\n', '1\nX\n3\n4\nY\nZ\n6\n'],
    ['a\r\nb\r\n', 'a\r\nc\r\nb\r\n'],
  ];
  for (const [a, b] of cases) {
    it(`turns ${JSON.stringify(a)} into ${JSON.stringify(b)}`, () => {
      const edits = diffEdits(a, b);
      assert.equal(applyEdits(a, edits), b);
    });
  }
  it('keeps distant changes as separate edits', () => {
    const a = Array.from({ length: 50 }, (_, i) => `line ${i}\n`).join('');
    const b = a.replace('line 3\n', 'line three\n').replace('line 40\n', 'line forty\n');
    assert.equal(diffEdits(a, b).length, 2);
  });
});
