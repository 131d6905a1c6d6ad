// Accounts: email and username are unique regardless of case (unique indexes on lower()),
// and a clash comes back as UniqueViolation naming the field.
import type { Database, User, UserWithPassword, UsersRepo } from './types.ts';
import { uniqueViolation } from './unique.ts';
import { isUuid } from './uuid.ts';

const FIELD_BY_INDEX = { users_email_lower_key: 'email', users_username_lower_key: 'username' } as const;

interface UserRecord {
  id: string;
  email: string;
  username: string;
  created_at: Date;
}

const COLUMNS = 'id, email, username, created_at';

const toUser = (r: UserRecord): User => ({ id: r.id, email: r.email, username: r.username, createdAt: r.created_at });

export function usersRepo(db: Database): UsersRepo {
  const sql = db.primary;
  return {
    async create({ email, username, passwordHash }) {
      try {
        const [row] = await sql.query<UserRecord>(
          `INSERT INTO users (email, username, password_hash) VALUES ($1, $2, $3) RETURNING ${COLUMNS}`,
          [email, username, passwordHash],
        );
        if (!row) throw new Error('INSERT INTO users returned no row');
        return toUser(row);
      } catch (err) {
        throw uniqueViolation(err, FIELD_BY_INDEX) ?? err;
      }
    },

    async findByEmail(email) {
      const [row] = await sql.query<UserRecord & { password_hash: string }>(
        `SELECT ${COLUMNS}, password_hash FROM users WHERE lower(email) = lower($1)`,
        [email],
      );
      return row ? ({ ...toUser(row), passwordHash: row.password_hash } satisfies UserWithPassword) : null;
    },

    async findById(id) {
      if (!isUuid(id)) return null;
      const [row] = await sql.query<UserRecord>(`SELECT ${COLUMNS} FROM users WHERE id = $1`, [id]);
      return row ? toUser(row) : null;
    },
  };
}
