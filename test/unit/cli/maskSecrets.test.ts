// The --dry-run diff masks password values written in the file (they would reach terminals and CI logs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maskSecrets, secretValuesIn } from '../../../src/cli/maskSecrets';

test('secretValuesIn: TOML keys, XML elements and properties, URL parameters; not references', () => {
  const toml =
    'password = "s3cret-1"\n  pwd = \'s3cret-2\'\nurl = "jdbc:mysql://h/db?user=a&password=p%2Bw"\npassword = "$secret{admin_pw}"\n';
  assert.deepEqual(secretValuesIn(toml).sort(), ['p%2Bw', 'p+w', 's3cret-1', 's3cret-2'].sort());
  const xml =
    '<password>x&amp;y-pw</password><property name="password">prop-pw</property><url>jdbc:mysql://h/db?password={{ .Values.pw }}</url>';
  assert.deepEqual(secretValuesIn(xml).sort(), ['prop-pw', 'x&amp;y-pw', 'x&y-pw'].sort());
});

test('maskSecrets: every occurrence in a diff, both sides', () => {
  const before = 'url = "jdbc:mysql://h/db?password=hunter22"\npassword = "hunter22"\n';
  const diff =
    '-url = "jdbc:mysql://h/db?password=hunter22"\n+url = "jdbc:mysql://h/db?password=hunter22&connectTimeout=10000"\n password = "hunter22"\n';
  const masked = maskSecrets(diff, before);
  assert.ok(!masked.includes('hunter22'), masked);
  assert.match(masked, /^ password = "\*\*\*"$/m);
});
