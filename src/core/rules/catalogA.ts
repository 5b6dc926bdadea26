import type { Rule } from "./types";
export const CATALOG_MECHANICS_ENDPOINTS_JDBC: readonly Rule[] = [];
