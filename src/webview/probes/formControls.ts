// The endpoint form on the page: filling it from a draft or an endpoint, validating it as the user types (errors
// show at a field once it was touched or Run was pressed), the IAM/TLS coupling, and Run / Start watch.
import type { VscodeTextfield } from '@vscode-elements/elements/dist/vscode-textfield/index.js';
import type { EndpointForm } from '../../shared/probe/protocol';
import { parseEndpointForm } from '../../shared/probe/protocol';
import { $, field, readDraft } from './dom';
import {
  DRAFT_FIELDS,
  draftOf,
  endpointFromDraft,
  fieldOf,
  readerAfterHostChange,
  regionHint,
  watchSettingsError,
  type Draft,
} from './form';
import { post, save, snap } from './viewState';

/** Fields the user has changed (their errors show), or all after a Run / Start watch click. */
const touched = new Set<string>();
let submitted = false;
let tlsNote = '';
/** The host the reader field was last derived for. */
let lastHost = '';

export function fillDraft(d: Partial<Draft>): void {
  for (const k of DRAFT_FIELDS) if (d[k] !== undefined) field(k).value = d[k]!;
  lastHost = String(field('host').value);
  syncAuth();
}

export function fillEndpoint(ep: EndpointForm | null): void {
  if (!ep) return;
  fillDraft(draftOf(ep));
  touched.clear();
  submitted = false;
  tlsNote = '';
  validate();
}

/** Validate the form with the protocol's own parser; show the reason at the field once it matters. */
function validate(): EndpointForm | null {
  const ep = parseEndpointForm(endpointFromDraft(readDraft(), snap.endpoint));
  const reason = typeof ep === 'string' ? ep : null;
  const at = reason ? fieldOf(reason) : null;
  for (const k of ['host', 'port', 'user', 'database', 'readerHost', 'region'] as const) $<VscodeTextfield>(k).invalid = false;
  const show = !!reason && (submitted || (at !== null && touched.has(at)) || at === 'tls');
  if (show && at && at !== 'tls' && at !== 'auth') $<VscodeTextfield>(at).invalid = true;
  const msg = $('formMessage');
  msg.textContent = show ? `Cannot probe: ${reason}.` : tlsNote;
  msg.className = show ? 'helper error' : 'helper';
  const watchErr = watchSettingsError(readDraft());
  $<VscodeTextfield>('interval').invalid = watchErr?.field === 'interval';
  $<VscodeTextfield>('duration').invalid = watchErr?.field === 'duration';
  if (!show && watchErr && (submitted || touched.has(watchErr.field))) {
    msg.textContent = watchErr.text;
    msg.className = 'helper error';
  }
  return typeof ep === 'string' ? null : ep;
}

/** IAM tokens are only accepted over TLS: choosing IAM turns TLS on, and the region applies only to IAM. */
export function syncAuth(fromUser = false): void {
  const iam = field('auth').value === 'iam';
  $<VscodeTextfield>('region').disabled = !iam;
  $<VscodeTextfield>('region').placeholder = iam ? regionHint(String(field('host').value)) : 'only for IAM auth';
  if (iam && fromUser && field('tls').value === 'off') {
    field('tls').value = 'required';
    tlsNote = 'An IAM auth token is only sent over TLS: TLS is now "required" (choose "verify" to check the RDS certificate).';
  } else if (!iam) tlsNote = '';
  $('authNote').textContent = iam
    ? "An RDS IAM auth token is generated for each connection from the AWS credentials of VS Code's environment; nothing is stored and no password is asked."
    : 'The password is asked by VS Code and kept in its secret storage; it never enters this view.';
}

export function run(kind: 'run' | 'watch'): void {
  submitted = true;
  const ep = validate();
  if (kind === 'watch') {
    if (snap.watch?.running) {
      post({ type: 'watchStop' });
      return;
    }
    if (!ep || watchSettingsError(readDraft())) return;
    const d = readDraft();
    post({ type: 'watchStart', endpoint: ep, intervalMs: Math.round(Number(d.interval)), durationS: Number(d.duration) });
    return;
  }
  if (ep) post({ type: 'run', endpoint: ep });
}

/** Edits mark a field touched (its error shows) and are saved at once, so a half-filled form survives. */
export function wireFormFields(): void {
  for (const k of DRAFT_FIELDS) {
    const f = field(k);
    const onEdit = (): void => {
      touched.add(k);
      if (k === 'tls') tlsNote = '';
      if (k === 'auth' || k === 'tls') syncAuth(k === 'auth');
      if (k === 'host') {
        const host = String(field('host').value);
        field('readerHost').value = readerAfterHostChange(String(field('readerHost').value), lastHost, host);
        lastHost = host;
        syncAuth();
      }
      validate();
      save();
    };
    f.addEventListener('change', onEdit);
    if (k !== 'auth' && k !== 'tls')
      f.addEventListener('input', () => {
        if (touched.has(k) || submitted) validate();
        save();
      });
    // Enter in a text field runs the probe, like a form's submit.
    // (never stops a running watch: that takes the button)
    f.addEventListener('keydown', (e: Event) => {
      if ((e as KeyboardEvent).key !== 'Enter' || k === 'auth' || k === 'tls') return;
      const watchField = k === 'interval' || k === 'duration';
      if (watchField && snap.watch?.running) return;
      run(watchField ? 'watch' : 'run');
    });
  }
}
