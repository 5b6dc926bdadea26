// The core's file selection and config discovery (src/core/files) under plain Node, with an in-memory file system:
// what each real corpus file is, what a folder scan takes and skips, the CLI's Node adapter agreeing with it on the
// same tree on disk, the upward search for aurora-guard.json and Chart.yaml, and the JVM DNS cache TTL of a folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { memoryFs, ROOT } from '../helpers';
import { fileKind, kindByName, readableWhenNamed, scanByName, setsJvmDnsTtl, skipsFolder, type FileKind } from '../../../src/core/files/select';
import { scanFolder, scanReaches, scanTakesFile } from '../../../src/core/files/scan';
import { ConfigDiscovery } from '../../../src/core/files/discover';
import { FolderDnsTtl, filesDnsTtl } from '../../../src/core/files/jvmDnsTtl';
import { readProjectConfig } from '../../../src/core/config/projectFile';
import { collectFileEntries } from '../../../src/cli/collect';
import { nodeFs } from '../../../src/cli/nodeFs';
import { UsageError } from '../../../src/cli/files';

const CORPUS = process.env.AURORA_GUARD_CORPUS ?? path.resolve(ROOT, '..', 'shared', 'corpus');
const corpusFiles = fs.existsSync(CORPUS) ? fs.readdirSync(CORPUS).filter((f) => f !== 'INDEX.tsv').sort() : [];
const noCorpus = corpusFiles.length === 0 ? `corpus not found at ${CORPUS}` : false;

/** A corpus file's name is its repository path with `__` for `/`: the tree it came from. */
function corpusTree(): Record<string, string> {
  const tree: Record<string, string> = {};
  for (const f of corpusFiles) tree[`/corpus/${f.split('__').join('/')}`] = fs.readFileSync(path.join(CORPUS, f), 'utf8');
  return tree;
}

const VALUES = 'wso2:\n  apim:\n    configurations:\n      databases:\n        type: mysql\n        apim_db:\n          url: jdbc:mysql://db:3306/apim_db\n';
const SCRIPT_60 = '#!/bin/sh\nJAVA_OPTS="$JAVA_OPTS -Dsun.net.inetaddr.ttl=60"\n';
const JAVA_SECURITY = 'security.provider.1=SUN\nsecurity.provider.2=SunRsaSign\n';

test('files: every real corpus file is what its name and content say', { skip: noCorpus }, () => {
  const kinds = new Map<string, FileKind | null>();
  for (const [p, text] of Object.entries(corpusTree())) kinds.set(p, fileKind(p, text));
  for (const [p, kind] of kinds) {
    const name = path.posix.basename(p);
    if (/^deployment\.toml/.test(name)) assert.equal(kind, 'deployment-toml', p);
    else if (/-datasources\.xml/.test(name)) assert.equal(kind, 'datasources-xml', p);
  }
  const byKind = (k: FileKind | null) => [...kinds].filter(([, v]) => v === k).map(([p]) => path.posix.basename(p));
  assert.deepEqual(byKind('helm-values'), ['values.yaml']);
  // the ConfigMaps that embed a deployment.toml or a datasources XML
  assert.equal(byKind('manifest').length, 5);
  // a TOML template that is no deployment.toml by name but holds [database.*] tables: the editor lints it when open
  assert.deepEqual(byKind('datasource-toml'), ['postgre.toml.j2']);
  // a Helm template of a ConfigMap that embeds no datasource file
  assert.deepEqual(byKind(null), ['wso2am-pattern-1-am-1-datasources-conf.yaml']);
  // whatever the editor lints, the CLI reads when it is named
  for (const [p, text] of Object.entries(corpusTree())) if (kinds.get(p)) assert.ok(readableWhenNamed(p, text), p);
});

test('files: JVM files by name, values files and manifests by content, never arbitrary YAML', () => {
  assert.equal(fileKind('/d/java.security', JAVA_SECURITY), 'jvm-file');
  assert.equal(fileKind('/d/Dockerfile', 'FROM wso2/wso2am:4.5.0\n'), 'jvm-file');
  assert.equal(fileKind('/d/Dockerfile.prod', ''), 'jvm-file');
  assert.equal(fileKind('/d/apim.dockerfile', ''), 'jvm-file');
  assert.equal(fileKind('/d/bin/api-manager.sh', SCRIPT_60), 'jvm-file');
  assert.equal(fileKind('/d/bin/setenv.sh', SCRIPT_60), 'jvm-script');
  assert.equal(fileKind('/d/bin/build.sh', 'make all\n'), null);
  assert.equal(fileKind('/d/my-values.yaml', VALUES), 'helm-values');
  assert.equal(fileKind('/d/values/aws.yml', VALUES), 'helm-values');
  assert.equal(fileKind('/d/values.yaml', 'replicaCount: 1\nimage:\n  repository: nginx\n'), null);
  assert.equal(fileKind('/d/deploy.yaml', 'kind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - env:\n            - name: JAVA_OPTS\n              value: -Dsun.net.inetaddr.ttl=5\n'), 'jvm-options-yaml');
  assert.equal(fileKind('/d/seed/apim-datasource.xml', '<datasource>\n <name>a</name>\n <definition type="RDBMS">'), 'datasource-xml');
  assert.equal(fileKind('/d/pom.xml', '<project><url>jdbc:mysql://h/db</url></project>'), null);
  assert.equal(fileKind('C:\\apim\\conf\\DEPLOYMENT.TOML', ''), 'deployment-toml');
  for (const p of ['/a/datasources.xml.bak', '/a/config.toml', '/a/deployment.yaml', '/a/README.md']) assert.equal(fileKind(p, ''), null, p);
  assert.equal(kindByName('master-datasources.xml.erb'), 'datasources-xml');
  assert.equal(kindByName('values.yaml'), null, 'YAML is never ours by name');
  // which of them carry the JVM DNS cache TTL
  assert.equal(setsJvmDnsTtl('/d/java.security', JAVA_SECURITY), false);
  assert.equal(setsJvmDnsTtl('/d/java.security', 'networkaddress.cache.ttl=5\n'), true);
  assert.equal(setsJvmDnsTtl('/d/notes.txt', 'networkaddress.cache.ttl=5\n'), false);
});

test('files: a folder scan takes the corpus files by name and content, and the CLI finds the same on disk', { skip: noCorpus }, async () => {
  const tree = corpusTree();
  const mem = memoryFs(tree);
  const found = await scanFolder('/corpus', mem);
  const expected = Object.entries(tree)
    .filter(([p, text]) => ['deployment-toml', 'datasources-xml', 'helm-values', 'manifest'].includes(fileKind(p, text) ?? ''))
    .map(([p]) => p)
    .sort();
  assert.deepEqual(found, expected);
  assert.ok(!found.some((p) => p.endsWith('postgre.toml.j2')), 'a folder scan takes TOML by name only');
  // the same tree on disk, through the CLI's command-line expansion and its Node adapter
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ag-files-'));
  try {
    for (const [p, text] of Object.entries(tree)) {
      const file = path.join(dir, p);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, text);
    }
    const entries = await collectFileEntries([path.join(dir, 'corpus')]);
    assert.deepEqual(entries.map((e) => e.file.slice(dir.length)), expected);
    assert.ok(entries.every((e) => !e.explicit));
    assert.deepEqual(await scanFolder(path.join(dir, 'corpus'), nodeFs), entries.map((e) => e.file));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('files: a scan skips dependencies and hidden folders, follows no link, reads no big YAML, and says what it cannot read', async () => {
  const big = VALUES + '#'.repeat(8 * 1024 * 1024);
  const mem = memoryFs(
    {
      '/w/conf/deployment.toml': '',
      '/w/jvm/api-manager.sh': SCRIPT_60,
      '/w/jvm/java.security': JAVA_SECURITY,
      '/w/helm/my-values.yaml': VALUES,
      '/w/helm/huge-values.yaml': big,
      '/w/out/deployment.toml': '',
      '/w/node_modules/x/deployment.toml': '',
      '/w/.scratch/1/deployment.toml': '',
      '/w/.git/deployment.toml': '',
      '/w/private/deployment.toml': '',
    },
    { links: ['/w/linked-deployment.toml'], unreadable: ['/w/private'] },
  );
  await assert.rejects(scanFolder('/w', mem), /EACCES: \/w\/private/);
  const unreadable: string[] = [];
  const found = await scanFolder('/w', mem, { onUnreadableFolder: (d) => unreadable.push(d) });
  assert.deepEqual(found, ['/w/conf/deployment.toml', '/w/helm/my-values.yaml', '/w/jvm/api-manager.sh', '/w/out/deployment.toml']);
  assert.deepEqual(unreadable, ['/w/private']);
  assert.ok(!mem.reads.includes('/w/helm/huge-values.yaml'), 'a YAML file over 8 MB is not read');
  assert.ok(!mem.reads.includes('/w/conf/deployment.toml'), 'a file taken by name is not read');
  for (const n of ['node_modules', '.git', '.scratch', '.vscode']) assert.ok(skipsFolder(n), n);
  for (const n of ['out', 'dist', 'conf']) assert.ok(!skipsFolder(n), n);
  assert.equal(scanByName('java.security'), 'read');
  // cancelled before the first folder: nothing
  assert.deepEqual(await scanFolder('/w', mem, { cancelled: () => true, onUnreadableFolder: () => undefined }), []);
  // one file at a time, as the editor's watcher asks
  assert.equal(await scanTakesFile('/w/jvm/java.security', mem), false, 'a java.security that sets no TTL is not scanned');
  assert.equal(await scanTakesFile('/w/jvm/api-manager.sh', mem), true);
  assert.equal(scanReaches('/w', '/w/jvm/api-manager.sh', mem), true);
  assert.equal(scanReaches('/w', '/w/.scratch/1/jvm/api-manager.sh', mem), false);
  assert.equal(scanReaches('/w', '/elsewhere/api-manager.sh', mem), false);
});

test('files: the CLI adapter: its error messages, and links not followed', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ag-files-'));
  try {
    const toml = path.join(dir, 'conf', 'deployment.toml');
    fs.mkdirSync(path.dirname(toml));
    fs.writeFileSync(toml, '');
    fs.symlinkSync(path.join(dir, 'conf'), path.join(dir, 'linked'));
    assert.deepEqual(await scanFolder(dir, nodeFs), [toml], 'the linked folder is not entered');
    await assert.rejects(nodeFs.readDir(toml), (e: Error) => e instanceof UsageError && e.message === `cannot read directory ${toml}: ENOTDIR`);
    await assert.rejects(nodeFs.readText(dir), (e: Error) => e instanceof UsageError && e.message === `cannot read ${dir}: is a directory`);
    assert.equal(await nodeFs.readText(path.join(dir, 'aurora-guard.json')), null);
    assert.equal(await nodeFs.stat(path.join(dir, 'nothing')), null);
    assert.deepEqual(await nodeFs.stat(toml), { kind: 'file', size: 0 });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('files: the nearest aurora-guard.json upward, read once per folder, its problems located', async () => {
  const mem = memoryFs({
    '/w/aurora-guard.json': '{ "target": "mysql" }',
    '/w/a/.aurora-guard.json': '{\n  "rules": { "pool/validaton-interval": "off" }\n}\n',
    '/w/b/c/x.toml': '',
    '/w/d/aurora-guard.json': '{ target: mysql',
    '/w/helm/Chart.yaml': 'name: wso2am-all-in-one\nversion: 4.2.0-1\n',
  });
  const discovery = new ConfigDiscovery(mem, (p) => path.posix.basename(p));
  const top = await discovery.projectConfig('/w/b/c');
  assert.equal(top?.path, '/w/aurora-guard.json');
  assert.deepEqual(top?.config, { target: 'mysql' });
  const reads = mem.reads.length;
  assert.equal((await discovery.projectConfig('/w/b'))?.path, '/w/aurora-guard.json');
  assert.equal(mem.reads.length, reads, 'a parent folder already looked up is not read again');
  const bad = (await discovery.projectConfig('/w/a'))!;
  assert.equal(bad.config, null);
  assert.match(bad.error!.message, /^\.aurora-guard\.json: unknown rule 'pool\/validaton-interval' \(did you mean 'pool\/validation-interval'\?\)/);
  assert.equal(bad.problems.length, 1);
  assert.equal(bad.text.slice(bad.problems[0].span.start, bad.problems[0].span.end), '"pool/validaton-interval"');
  const syntax = (await discovery.projectConfig('/w/d'))!;
  assert.match(syntax.error!.message, /^aurora-guard\.json: not valid JSON \(/);
  assert.deepEqual(syntax.problems, []);
  assert.equal(await new ConfigDiscovery(memoryFs({ '/x/y.toml': '' })).projectConfig('/x'), null);
  // a value's problem sits on the value
  const value = readProjectConfig('{\n  "cluster": { "apimNodes": 2.5 }\n}\n', '/w/aurora-guard.json');
  assert.equal(value.text.slice(value.problems[0].span.start, value.problems[0].span.end), '2.5');
  assert.match(value.error!.message, /^\/w\/aurora-guard\.json: /, 'the CLI names the file by its path');
  // the Chart.yaml of a values file: beside it or one folder up
  assert.deepEqual(await discovery.helmChart('/w/helm/values'), { version: '4.2.0-1', name: 'wso2am-all-in-one' });
  assert.equal(await discovery.helmChart('/w/b'), null);
  discovery.clear();
  const before = mem.reads.length;
  await discovery.projectConfig('/w/b');
  assert.ok(mem.reads.length > before, 'clear() forgets the lookups');
});

test('files: the JVM DNS cache TTL of a folder, kept current file by file', async () => {
  const tree: Record<string, string> = {
    '/w/conf/deployment.toml': '[database.apim_db]\n',
    '/w/jvm/api-manager.sh': SCRIPT_60,
    '/w/jvm/java.security': JAVA_SECURITY,
    '/w/.scratch/jvm/api-manager.sh': '-Dsun.net.inetaddr.ttl=600\n',
  };
  const mem = memoryFs(tree);
  const ttl = new FolderDnsTtl('/w', mem);
  await ttl.load();
  assert.equal(ttl.seconds, 60);
  tree['/w/jvm/api-manager.sh'] = SCRIPT_60.replace('=60', '=5');
  assert.equal(await ttl.update('/w/jvm/api-manager.sh'), true);
  assert.equal(ttl.seconds, 5);
  // the security property wins over the system property once java.security sets it
  tree['/w/jvm/java.security'] = JAVA_SECURITY + 'networkaddress.cache.ttl=30\n';
  assert.equal(await ttl.update('/w/jvm/java.security'), true);
  assert.equal(ttl.seconds, 30);
  // a hidden folder is not the deployment's
  assert.equal(await ttl.update('/w/.scratch/jvm/api-manager.sh'), false);
  delete tree['/w/jvm/java.security'];
  assert.equal(await ttl.update('/w/jvm/java.security'), true);
  assert.equal(ttl.seconds, 5);
  delete tree['/w/jvm/api-manager.sh'];
  assert.equal(await ttl.update('/w/jvm/api-manager.sh'), true);
  assert.equal(ttl.seconds, null, 'no file sets it: the JDK default');
  // what the CLI hands it: the files of its run
  assert.equal(filesDnsTtl([{ fileName: 'java.security', text: 'networkaddress.cache.ttl=-1\n' }]), -1);
  assert.equal(filesDnsTtl([{ fileName: 'deployment.toml', text: '# networkaddress.cache.ttl=5\n' }]), null);
});
