// Aurora MySQL's default @@max_connections, as AWS publishes it. One place for these figures; every rule and
// message that needs them asks here. Nothing here is measured by this project.
//
// Sources (read 2026-12-04):
// - Aurora user guide, "Maximum connections for Aurora Serverless v2" (aurora-serverless-v2.setting-capacity,
//   awsdocs/amazon-aurora-user-guide doc_source/aurora-serverless-v2.setting-capacity.md @ 2f3eae10ad): Serverless v2
//   holds max_connections constant, evaluates the formula with the memory of the MAXIMUM ACU (not the current
//   capacity), and needs a reboot after the maximum changes (static parameter). Its table of defaults by maximum ACU
//   is SERVERLESS_V2_MYSQL_TABLE below.
// - Aurora user guide, "Maximum connections to an Aurora MySQL DB instance" (AuroraMySQL.Managing.Performance): the
//   default is derived from DBInstanceClassMemory, up to 16,000; the default parameter group's expression is
//   GREATEST({log(DBInstanceClassMemory/805306368)*45},{log(DBInstanceClassMemory/8187281408)*1000}).
// - Aurora user guide, "Specifying DB parameters" (USER_ParamValuesRef @ db646d34ea): `log` is log base 2, and
//   DBInstanceClassMemory is the instance memory minus what the OS and RDS processes reserve, "always somewhat lower"
//   than the class's memory.
// - 1 ACU ≈ 2 GiB of memory (same guide, minimum/maximum capacity sections).

/** Aurora MySQL's max_connections ceiling when set by formula or parameter. */
export const AURORA_MYSQL_MAX_CONNECTIONS_CAP = 16000;
/** Memory of one ACU, in bytes (AWS: "approximately 2 GiB"). */
export const ACU_BYTES = 2 * 1024 ** 3;

/** AWS's table: default max_connections on Aurora MySQL by Serverless v2 maximum ACU. */
export const SERVERLESS_V2_MYSQL_TABLE: readonly (readonly [maxAcu: number, maxConnections: number])[] = [
  [1, 90],
  [4, 135],
  [8, 1000],
  [16, 2000],
  [32, 3000],
  [64, 4000],
  [128, 5000],
];

export const MAX_CONNECTIONS_SOURCES = {
  table: 'https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless-v2.setting-capacity.html#aurora-serverless-v2.max-connections',
  formula: 'https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/AuroraMySQL.Managing.Performance.html#AuroraMySQL.Managing.MaxConnections',
  log2: 'https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/USER_ParamValuesRef.html#USER_ParamLogExpressions',
} as const;

/** The default parameter group's expression, evaluated as Aurora does (log base 2, truncated, at most 16,000). */
export function auroraMysqlFormula(dbInstanceClassMemory: number): number {
  if (!(dbInstanceClassMemory > 0)) return 0;
  const small = Math.log2(dbInstanceClassMemory / 805306368) * 45;
  const large = Math.log2(dbInstanceClassMemory / 8187281408) * 1000;
  return Math.max(0, Math.min(AURORA_MYSQL_MAX_CONNECTIONS_CAP, Math.trunc(Math.max(small, large))));
}

export interface MaxConnectionsEstimate {
  value: number;
  /** 'table': AWS's Serverless v2 table has a row for this maximum ACU; 'formula': computed from AWS's formula. */
  basis: 'table' | 'formula';
  /** One clause for messages: where the figure comes from (always "published by AWS, not measured here"). */
  how: string;
}

/**
 * Aurora MySQL Serverless v2's default @@max_connections for a maximum capacity of `maxAcu` ACU: AWS's table value
 * where the table has a row, else AWS's formula with DBInstanceClassMemory ≈ maxAcu × 2 GiB. The formula with the
 * class's nominal memory runs above the table at some sizes and below it at others (DBInstanceClassMemory is not
 * published per ACU), so its result is kept between the table's neighbouring rows; the estimate stays monotonic in
 * maxAcu. Null for a maximum below AWS's smallest allowed value (max ACU must be ≥ 1).
 */
export function serverlessV2MysqlMaxConnections(maxAcu: number): MaxConnectionsEstimate | null {
  if (!Number.isFinite(maxAcu) || maxAcu < 1) return null;
  const row = SERVERLESS_V2_MYSQL_TABLE.find(([acu]) => acu === maxAcu);
  if (row) {
    return { value: row[1], basis: 'table', how: `AWS's published table for Aurora MySQL Serverless v2 (maximum ${maxAcu} ACU → ${row[1]}; published, not measured here)` };
  }
  let lo = 0;
  let hi = AURORA_MYSQL_MAX_CONNECTIONS_CAP;
  for (const [acu, conns] of SERVERLESS_V2_MYSQL_TABLE) {
    if (acu < maxAcu) lo = conns;
    else if (acu > maxAcu) {
      hi = conns;
      break;
    }
  }
  const raw = auroraMysqlFormula(maxAcu * ACU_BYTES);
  const value = Math.min(hi, Math.max(lo, raw));
  const kept = value !== raw ? `, kept within AWS's table rows around it (${lo}–${hi})` : '';
  return {
    value,
    basis: 'formula',
    how:
      `AWS's published Aurora MySQL formula GREATEST(log2(mem/805306368)×45, log2(mem/8187281408)×1000) with mem ≈ ${maxAcu} ACU × 2 GiB${kept}; ` +
      `AWS's table has no row for ${maxAcu} ACU and the real DBInstanceClassMemory is somewhat lower, so this is an estimate (published formula, not measured here)`,
  };
}
