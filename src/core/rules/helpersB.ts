// Deprecated path, kept only because src/core/probe and test/probe (work in progress elsewhere) still import
// from it. The validation-query knowledge lives in ./shared/validationQuery.ts: import it from there, and
// delete this file once nothing imports it.
export { ROLE_AWARE_VALIDATION_QUERY, classifyValidationQuery } from './shared/validationQuery';
