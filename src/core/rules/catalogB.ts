import type { Rule } from "./types";
export const CATALOG_POOL_SERVERLESS: readonly Rule[] = [];
