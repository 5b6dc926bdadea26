// The role query both channels run on their connection: the server's flavor (Aurora, MariaDB, MySQL) is detected
// once, on the first connection, and kept for the watch, so each tick costs one query.
import { ProbeError } from '../errors';
import type { ProbeConnection } from '../connection';
import { parseRoleRow, roleQuery, type Flavor, type Role } from '../identify';

export class RoleReader {
  private flavor: Flavor | null = null;

  constructor(private readonly signal: AbortSignal) {}

  private async ensureFlavor(conn: ProbeConnection): Promise<Flavor> {
    if (this.flavor) return this.flavor;
    const v = String((await conn.query('SELECT @@version AS v')).rows[0]?.v ?? '');
    let aurora = false;
    try {
      const r = (await conn.query('SELECT @@aurora_version AS v')).rows[0];
      aurora = !!r && r.v !== null && r.v !== undefined;
    } catch (e) {
      if (!(e instanceof ProbeError) || e.fatal) throw e;
    }
    this.flavor = aurora ? 'aurora' : /mariadb/i.test(v) ? 'mariadb' : 'mysql';
    return this.flavor;
  }

  async roleOf(conn: ProbeConnection): Promise<{ role: Role; serverId: string; connectionId: number | null; ms: number }> {
    const flavor = await this.ensureFlavor(conn);
    try {
      const r = await conn.query(roleQuery(flavor), { signal: this.signal });
      return { ...parseRoleRow(flavor, r.rows[0]), ms: r.ms };
    } catch (e) {
      if (e instanceof ProbeError && e.errno === 1193) this.flavor = null; // wrong guess: detect again next time
      throw e;
    }
  }
}
