import type { RoundsContext } from './context.js';
import type { Rounds } from './types.js';

export function sessionsMethods(context: RoundsContext): Pick<Rounds, 'endSession' | 'sessionEnded'> {
  const { sql, stamp } = context;
  return {
    async endSession(session, until) {
      await sql.transaction(async (tx) => {
        // Ended sessions are kept until they would have expired anyway; older ones go now.
        await tx.query('delete from cchc_ended_sessions where until < $1', [stamp()]);
        await tx.query(
          'insert into cchc_ended_sessions (session, until) values ($1, $2) on conflict (session) do nothing',
          [session, until.toISOString()],
        );
      });
    },

    async sessionEnded(session) {
      const rows = await sql.transaction((tx) =>
        tx.query('select 1 from cchc_ended_sessions where session = $1', [session]),
      );
      return rows.length > 0;
    },
  };
}
