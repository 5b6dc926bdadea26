// The Probes webview's page (no vscode import: unit-tested under plain Node). view.ts fills in the nonce, the
// webview's resource origin and URIs; dist/webview/probes.js (src/webview/probes) renders into the elements here.

/** The page's files, relative to the extension's root (the .vsix test checks they ship). */
export const PROBES_VIEW_ASSETS = [
  ['dist', 'webview', 'uPlot.min.css'],
  ['media', 'probe', 'view.css'],
  ['dist', 'webview', 'probes.js'],
] as const;

export interface PageOptions {
  /** Fresh per page: the only way a script runs. */
  nonce: string;
  /** webview.cspSource: the origin the webview serves the extension's own files from. */
  cspSource: string;
  /** webview.asWebviewUri of a file under the extension's root. */
  uri: (...path: string[]) => string;
  /** Untrusted workspace: the page says probing is disabled and its buttons stay off (the controller refuses too). */
  trusted: boolean;
}

/**
 * The webview's page: a strict CSP (nothing by default; scripts only with this page's nonce; styles and fonts only
 * from the extension's own files). The web components (@vscode-elements/elements, lit) style their shadow roots
 * with constructable stylesheets and the CSSOM, which CSP does not restrict, so no 'unsafe-inline' is needed.
 * Every element the script fills is here, with its empty state; dist/webview/probes.js renders into them.
 */
export function probesHtml({ nonce, cspSource, uri, trusted }: PageOptions): string {
  const csp = [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${uri(...PROBES_VIEW_ASSETS[0])}">
<link rel="stylesheet" href="${uri(...PROBES_VIEW_ASSETS[1])}">
<title>Probes</title></head>
<body data-trusted="${trusted}">
${trusted ? '' : '<p id="untrusted" class="banner">Probing connects to a database, so it is disabled in this untrusted workspace. Trust the workspace (Manage Workspace Trust) to probe; linting works either way.</p>\n'}<div id="status" role="status" aria-live="polite" class="idle"><vscode-progress-ring id="busy" aria-label="Working"></vscode-progress-ring><span id="statusText">No probe run yet.</span></div>

<vscode-collapsible id="endpointSection" heading="Endpoint" open>
  <div class="form" id="ep">
    <vscode-label for="host" required>Host</vscode-label>
    <vscode-textfield id="host" name="host" spellcheck="false" placeholder="my-cluster.cluster-abc.eu-west-1.rds.amazonaws.com"></vscode-textfield>
    <vscode-label for="port">Port</vscode-label>
    <vscode-textfield id="port" name="port" type="number" min="1" max="65535" value="3306" class="short"></vscode-textfield>
    <vscode-label for="user" required>User</vscode-label>
    <vscode-textfield id="user" name="user" spellcheck="false"></vscode-textfield>
    <vscode-label for="database">Database</vscode-label>
    <vscode-textfield id="database" name="database" spellcheck="false" placeholder="none"></vscode-textfield>
    <vscode-label for="readerHost">Reader</vscode-label>
    <vscode-textfield id="readerHost" name="readerHost" spellcheck="false" placeholder="cluster-ro- endpoint (optional)"></vscode-textfield>
    <vscode-label for="tls">TLS</vscode-label>
    <vscode-single-select id="tls" name="tls">
      <vscode-option value="off" description="Plain TCP">off</vscode-option>
      <vscode-option value="required" description="TLS without certificate checks">required</vscode-option>
      <vscode-option value="verify" description="TLS checked against the RDS CA bundle and the host name">verify</vscode-option>
    </vscode-single-select>
    <vscode-label for="auth">Auth</vscode-label>
    <vscode-single-select id="auth" name="auth">
      <vscode-option value="password" description="Asked once by VS Code, kept in its secret storage">password</vscode-option>
      <vscode-option value="iam" description="RDS IAM auth token from the AWS credentials of the environment (needs TLS)">IAM token</vscode-option>
    </vscode-single-select>
    <vscode-label for="region">Region</vscode-label>
    <vscode-textfield id="region" name="region" spellcheck="false" disabled placeholder="from the host name, else AWS_REGION"></vscode-textfield>
  </div>
  <p id="formMessage" class="helper" aria-live="polite"></p>
  <p id="authNote" class="helper"></p>
  <p id="source" class="helper"></p>
  <div class="buttons">
    <vscode-button id="run">Run probe</vscode-button>
  </div>
  <div class="watchRow">
    <span>Watch every</span>
    <vscode-textfield id="interval" type="number" value="250" class="num" aria-label="watch interval (ms)"></vscode-textfield><span>ms for</span>
    <vscode-textfield id="duration" type="number" value="60" class="num" aria-label="watch duration (s)"></vscode-textfield><span>s</span>
    <vscode-button id="watch" secondary>Start watch</vscode-button>
  </div>
</vscode-collapsible>

<vscode-collapsible id="verdictSection" heading="Verdict" open>
  <div id="verdict"><p class="empty">Run a probe to check the validation query; start a watch to measure a failover.</p></div>
  <div class="buttons export">
    <vscode-button id="exportJson" secondary disabled>Export JSON…</vscode-button>
    <vscode-button id="exportMd" secondary disabled>Export Markdown…</vscode-button>
  </div>
</vscode-collapsible>

<vscode-collapsible id="chartSection" heading="Latency per channel" open>
  <div id="chart"></div>
  <div id="markerLegend" class="legend" hidden></div>
  <p id="chartEmpty" class="empty">No samples yet: start a watch to plot the pooled and the fresh channel.</p>
</vscode-collapsible>

<vscode-collapsible id="eventsSection" heading="Events" open>
  <vscode-badge id="eventCount" slot="decorations" variant="counter">0</vscode-badge>
  <vscode-table id="timeline" zebra bordered-rows>
    <vscode-table-header slot="header">
      <vscode-table-header-cell>t (s)</vscode-table-header-cell>
      <vscode-table-header-cell>channel</vscode-table-header-cell>
      <vscode-table-header-cell>event</vscode-table-header-cell>
      <vscode-table-header-cell>detail</vscode-table-header-cell>
    </vscode-table-header>
    <vscode-table-body slot="body" id="timelineBody"></vscode-table-body>
  </vscode-table>
  <p id="timelineEmpty" class="empty">No events yet: start a watch.</p>
</vscode-collapsible>

<vscode-collapsible id="identitySection" heading="Server" open>
  <vscode-table id="identity" bordered-rows>
    <vscode-table-header slot="header" id="identityHead"></vscode-table-header>
    <vscode-table-body slot="body" id="identityBody"></vscode-table-body>
  </vscode-table>
  <p id="identityEmpty" class="empty">Run a probe to identify the server: version, flavor, writer or reader, max_connections.</p>
</vscode-collapsible>

<vscode-collapsible id="labSection" heading="Validation-query lab" open>
  <vscode-table id="lab" zebra bordered-rows>
    <vscode-table-header slot="header">
      <vscode-table-header-cell>query</vscode-table-header-cell>
      <vscode-table-header-cell>endpoint</vscode-table-header-cell>
      <vscode-table-header-cell>result</vscode-table-header-cell>
      <vscode-table-header-cell class="num">p50</vscode-table-header-cell>
      <vscode-table-header-cell class="num">p95</vscode-table-header-cell>
      <vscode-table-header-cell class="num">max</vscode-table-header-cell>
    </vscode-table-header>
    <vscode-table-body slot="body" id="labBody"></vscode-table-body>
  </vscode-table>
  <div id="labNotes"></div>
  <p id="labEmpty" class="empty">Run a probe to measure each candidate validation query on the writer (and the reader endpoint).</p>
</vscode-collapsible>
<script nonce="${nonce}" src="${uri(...PROBES_VIEW_ASSETS[2])}"></script>
</body></html>`;
}
