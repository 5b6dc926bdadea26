/// <reference types="mocha" />
// The failover forecast in the editor: the hover over a datasource's header, the code lens above it (and the
// setting that hides it), "Make this pool failover-safe" first in the header's lightbulb, and the forecast the Probes
// view shows beside a watch of the same datasource (probeForecast.test.ts: after probe.test.ts, which checks the
// first probe loads the probe chunk), and the workspace's JVM DNS cache TTL in all of them. Every expectation is
// computed by the core's forecast, with the options the extension resolved for the document.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { resolveOptions } from '../../../src/core/config/options';
import { failingScenarios } from '../../../src/core/forecast/judge';
import { codeLensTitle, failoverSafeFix, forecastFile, forecastRows } from '../../../src/core/forecast/report';
import { activate, linesMatching, openFresh, optionsOf, ours, setSetting, waitForDiagnostics, waitForOptions, workspaceRoot } from './helpers';

const TOML = 'apim-4.2/repository/conf/deployment.toml';

async function hoverText(doc: vscode.TextDocument, pos: vscode.Position): Promise<string> {
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, pos)) ?? [];
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n')
    .replace(/\\([\\`*_{}[\]<>#|])/g, '$1'); // undo Markdown escaping
}

async function outlooksOf(doc: vscode.TextDocument) {
  return forecastFile(doc.fileName, doc.getText(), await optionsOf(doc)).outlooks;
}

async function forecastLenses(doc: vscode.TextDocument): Promise<vscode.CodeLens[]> {
  const all = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri, 10)) ?? [];
  return all.filter((l) => l.command?.command === 'auroraGuard.showForecast');
}

describe('failover forecast', () => {
  before(() => activate());
  afterEach(() => setSetting('auroraGuard.forecast.codeLens', undefined));

  it('the hover on a datasource header shows every scenario now and after fix-all, the caveat and the docs link', async () => {
    const doc = await openFresh(TOML);
    const line = linesMatching(doc, /^\[database\.apim_db\]/)[0];
    const text = await hoverText(doc, new vscode.Position(line, 3));
    const o = (await outlooksOf(doc)).find((x) => x.ds.id === 'database.apim_db')!;
    assert.match(text, /Failover forecast/);
    assert.ok(text.includes('WSO2AM_DB'), text.slice(0, 200));
    const rows = forecastRows(o);
    assert.ok(rows.length >= 3);
    for (const r of rows) {
      assert.ok(text.includes(`| ${r.label} |`), `row of ${r.label} in: ${text}`);
      assert.ok(text.includes(r.now), `now of ${r.label}: ${r.now}`);
      assert.ok(text.includes(r.after), `after of ${r.label}: ${r.after}`);
    }
    assert.match(text, /modelled, not measured/);
    assert.ok(text.includes('command:auroraGuard.showForecastDocs'), 'link to docs/forecast.md');
    // the forecast comes first; the findings stacked on the header follow
    assert.ok(text.indexOf('Failover forecast') < Math.max(0, text.indexOf('Why it matters')) || !text.includes('Why it matters'));
    // not on a pool setting's line
    const other = await hoverText(doc, new vscode.Position(linesMatching(doc, /^maxWait = 60000/)[0], 2));
    assert.doesNotMatch(other, /Failover forecast/);
  });

  it('a code lens above each datasource says the failover forecast; auroraGuard.forecast.codeLens hides it', async () => {
    const doc = await openFresh(TOML);
    await waitForDiagnostics(doc.uri, (d) => d.length > 0, 'diagnostics');
    const expected = await outlooksOf(doc);
    assert.equal(expected.length, 2);
    const lenses = await forecastLenses(doc);
    assert.deepEqual(
      lenses.map((l) => [l.range.start.line, l.command!.title]).sort(),
      expected.map((o) => [doc.positionAt(o.ds.headerSpan.start).line, `$(pulse) ${codeLensTitle(o)}`]).sort(),
    );
    assert.match(lenses[0].command!.title, /^\$\(pulse\) Failover: pinned in \d+\/24 timings.* → after fixes ≤ /);
    // the probe's lens stays where it was (on the URL)
    const all = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri)) ?? [];
    assert.ok(all.some((l) => l.command?.command === 'auroraGuard.probe'));

    await setSetting('auroraGuard.forecast.codeLens', false, doc);
    assert.deepEqual(await forecastLenses(doc), []);
    assert.ok(((await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri)) ?? []).some((l) => l.command?.command === 'auroraGuard.probe'), 'the probe lens is not hidden');
    await setSetting('auroraGuard.forecast.codeLens', true, doc);
    assert.equal((await forecastLenses(doc)).length, 2);
  });

  it('clicking the code lens shows the forecast hover at the header', async () => {
    const doc = await openFresh(TOML);
    const [lens] = await forecastLenses(doc);
    const ok = await vscode.commands.executeCommand<boolean>(lens.command!.command, ...(lens.command!.arguments ?? []));
    assert.equal(ok, true);
    const editor = vscode.window.activeTextEditor!;
    assert.equal(editor.document.uri.toString(), doc.uri.toString());
    assert.equal(editor.selection.active.line, lens.range.start.line, 'the cursor is on the header');
    assert.match(await hoverText(doc, editor.selection.active), /Failover forecast/);
  });

  it('the header lightbulb starts with "Make this pool failover-safe", and applying it leaves no failing scenario', async () => {
    const doc = await openFresh(TOML);
    const header = linesMatching(doc, /^\[database\.apim_db\]/)[0];
    const diags = await waitForDiagnostics(doc.uri, (d) => d.some((x) => x.range.start.line === header), 'findings on the apim_db header');
    const onHeader = diags.filter((x) => x.range.start.line === header);
    const range = onHeader.map((d) => d.range).reduce((a, b) => a.union(b));
    const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, range, vscode.CodeActionKind.QuickFix.value)) ?? [];
    const before = doc.getText();
    const safe = failoverSafeFix(doc.fileName, before, await optionsOf(doc), 'database.apim_db');
    assert.ok(safe, 'the core offers the group fix for this pool');
    assert.ok(actions.length > 3, `actions: ${actions.map((a) => a.title).join(' | ')}`);
    assert.equal(actions[0].title, safe.title);
    assert.match(actions[0].title, /^Make this pool failover-safe: failover pinned \d+\/24 → ≤ \d+ s \(\d+ changes?\)$/);
    assert.equal(actions[0].isPreferred, true);
    assert.equal(actions.filter((a) => a.title.startsWith('Make this pool failover-safe')).length, 1, 'one entry per datasource, not one per finding');
    assert.ok(actions.slice(1).some((a) => a.title.startsWith('Disable ')), 'the individual actions follow');
    const failingBefore = failingScenarios((await outlooksOf(doc)).find((o) => o.ds.id === 'database.apim_db')!.now);
    assert.ok(failingBefore.length > 0);

    assert.ok(await vscode.workspace.applyEdit(actions[0].edit!));
    assert.notEqual(doc.getText(), before);
    const after = (await outlooksOf(doc)).find((o) => o.ds.id === 'database.apim_db')!;
    assert.deepEqual(failingScenarios(after.now), [], 'no scenario fails after the group fix');
    // the other datasource is untouched: its forecast still fails, and its own lightbulb still offers the group fix
    const shared = (await outlooksOf(doc)).find((o) => o.ds.id === 'database.shared_db')!;
    assert.ok(failingScenarios(shared.now).length > 0);
    // and the lens over apim_db follows the edit
    const lens = (await forecastLenses(doc)).find((l) => l.range.start.line === header)!;
    assert.equal(lens.command!.title, `$(pulse) ${codeLensTitle(after)}`);
    assert.match(lens.command!.title, /every scenario within its bound/);
    // …and its lightbulb no longer offers the group fix
    await (await activate()).lintNow(doc);
    assert.equal(failoverSafeFix(doc.fileName, doc.getText(), await optionsOf(doc), 'database.apim_db'), null);
    const left = ours(doc.uri).filter((d) => d.range.start.line === header);
    if (left.length) {
      const again = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, left.map((d) => d.range).reduce((a, b) => a.union(b)), vscode.CodeActionKind.QuickFix.value)) ?? [];
      assert.ok(!again.some((a) => a.title.startsWith('Make this pool failover-safe')), again.map((a) => a.title).join(' | '));
    }
  });

  it('the DNS cache TTL the workspace\'s JVM files set (jvm/api-manager.sh) is in the forecast, and follows an edit of that file', async function () {
    this.timeout(30_000);
    const doc = await openFresh(TOML);
    await waitForDiagnostics(doc.uri, (d) => d.length > 0, 'diagnostics');
    assert.equal((await optionsOf(doc)).forecast.dnsTtl, 60, 'jvm/api-manager.sh sets -Dsun.net.inetaddr.ttl=60');
    const header = linesMatching(doc, /^\[database\.apim_db\]/)[0];
    const outlook = (dnsTtl?: number) =>
      forecastFile(doc.fileName, doc.getText(), resolveOptions(dnsTtl === undefined ? {} : { forecast: { dnsTtl } }))
        .outlooks.find((o) => o.ds.id === 'database.apim_db')!;
    const failover = (dnsTtl?: number) => forecastRows(outlook(dnsTtl)).find((r) => r.scenario === 'aurora-failover')!;
    const lens = async () => (await forecastLenses(doc)).find((l) => l.range.start.line === header)!.command!.title;
    // a 60 s JVM DNS cache keeps new connections on the old writer longer than the JDK's default 30 s
    assert.notEqual(failover(60).after, failover().after);
    assert.equal(await lens(), `$(pulse) ${codeLensTitle(outlook(60))}`);
    const hoverRow = async () => (await hoverText(doc, new vscode.Position(header, 3))).split('\n').find((l) => l.startsWith(`| ${failover().label} |`)) ?? '';
    const shows = (row: string, r: ReturnType<typeof failover>) => row.includes(r.now) && row.includes(r.after);
    assert.ok(shows(await hoverRow(), failover(60)), await hoverRow());
    assert.ok(!shows(await hoverRow(), failover()), 'not the default TTL\'s forecast');

    const script = path.join(workspaceRoot(), 'jvm', 'api-manager.sh');
    const original = fs.readFileSync(script, 'utf8');
    try {
      fs.writeFileSync(script, original.replace('-Dsun.net.inetaddr.ttl=60', '-Dsun.net.inetaddr.ttl=5'));
      await waitForOptions(doc, (o) => o.forecast.dnsTtl === 5, 'the forecast options at the edited TTL');
      assert.notEqual(failover(5).now, failover(60).now);
      assert.equal(await lens(), `$(pulse) ${codeLensTitle(outlook(5))}`);
      assert.ok(shows(await hoverRow(), failover(5)), await hoverRow());
    } finally {
      fs.writeFileSync(script, original);
      await waitForOptions(doc, (o) => o.forecast.dnsTtl === 60, 'the TTL back at 60 s');
    }
  });
});
