import type { ConfigDocument } from '../../model/types';

// STUB — being written; replace whole file.
export function parseToml(text: string, fileName: string): ConfigDocument {
  void fileName;
  return { format: 'carbon-xml', text, templates: [], datasources: [], parseError: null, jvmDns: [], fileSpan: { start: 0, end: 0 } };
}
