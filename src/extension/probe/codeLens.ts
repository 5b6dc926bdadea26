// "Probe Aurora" above the URL of every datasource the probe can reach (core/probe/request.ts isProbeable) (the table header when the URL is inferred).
import * as vscode from 'vscode';
import { parseDocument } from '../../core/parse/index';
import { CommandId } from '../constants';
import { isProbeable } from '../../core/probe/request';

export class ProbeCodeLensProvider implements vscode.CodeLensProvider {
  constructor(private readonly isLinted: (doc: vscode.TextDocument) => boolean) {}

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    if (!this.isLinted(doc)) return [];
    let dss;
    try {
      dss = parseDocument(doc.fileName, doc.getText()).datasources;
    } catch {
      return [];
    }
    return dss.filter(isProbeable).map((ds) => {
      const at = ds.urlEntry && !ds.urlInferred ? ds.urlEntry.entrySpan.start : ds.headerSpan.start;
      const line = doc.positionAt(at).line;
      return new vscode.CodeLens(new vscode.Range(line, 0, line, 0), {
        title: 'Probe Aurora',
        tooltip: `Identify ${ds.url!.hosts[0].host} and run the validation-query lab`,
        command: CommandId.Probe,
        arguments: [{ uri: doc.uri.toString(), datasource: ds.id }],
      });
    });
  }
}
