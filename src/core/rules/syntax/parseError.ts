// syntax/parse-error — reported by the engine itself (lint.ts) when a file is not well-formed; listed so it has
// metadata and docs.
import { defineRule } from '../define';

export const parseErrorRule = defineRule({
  meta: {
    id: 'syntax/parse-error',
    title: 'File is not well-formed XML/TOML',
    defaultSeverity: 'error',
    tags: ['wso2'],
    formats: ['carbon-xml', 'generic-xml', 'deployment-toml'],
    mysqlOnly: false,
    auroraOnly: false,
    fixable: false,
    rationale:
      'WSO2 refuses to start (or silently skips the file) when a datasource file does not parse; nothing else can be checked until it does.',
  },
  check() {
    /* the engine reports parse errors before rules run */
  },
});
