package dev.rotor.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Rotation with a large session table (the goal: p99 with 1,000,000 sessions ≤ 1.3× the p99 with
 * about 1,000): one rotation phase on Rotor's table as the run left it, then the table is filled
 * with synthetic sessions shaped like real ones (owned by the admin account, which the load never
 * uses) and analysed, then the same phase again. Both samples come from one server in one run.
 */
final class LargeTable {

    record Result(long rowsBefore, Sample before, long rowsAfter, Sample after) {
    }

    private LargeTable() {
    }

    static Result measure(Workload rotor, Driver driver, Options options) throws Exception {
        try (Connection db = new Postgres(options).connect(options.rotorDatabase())) {
            db.setAutoCommit(true);
            long rowsBefore = count(db);
            Sample before = driver.run(rotor.operation(Phase.ROTATION), options.phase(), rotor.target().process());
            fill(db, options.largeTableRows() - rowsBefore);
            try (var statement = db.createStatement()) {
                statement.execute("VACUUM ANALYZE session_family");
            }
            long rowsAfter = count(db);
            Sample after = driver.run(rotor.operation(Phase.ROTATION), options.phase(), rotor.target().process());
            return new Result(rowsBefore, before, rowsAfter, after);
        }
    }

    /**
     * Inserts synthetic sessions shaped like real ones (user agent, address, hashes of real length);
     * parameters: the owning account's id, the number of rows.
     */
    static final String INSERT_SYNTHETIC_SESSIONS = "INSERT INTO session_family (id, account_id, client_id, created_at, "
            + "last_used_at, absolute_expires_at, idle_expires_at, generation, rotated_at, current_hash, chain_seed, status, "
            + "user_agent, client_ip, device_name) "
            + "SELECT gen_random_uuid()::text, ?, 'rotor-web', now(), now(), now() + interval '30 days', now() + interval '7 days', "
            + "42, now(), md5(g::text) || md5((g+1)::text), md5((g+2)::text) || md5((g+3)::text), 'ACTIVE', "
            + "'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36', "
            + "'203.0.113.' || (g % 250), NULL FROM generate_series(1, ?) g";

    private static void fill(Connection db, long rows) throws SQLException {
        if (rows <= 0) {
            return;
        }
        String admin;
        try (var statement = db.createStatement(); ResultSet row = statement.executeQuery("SELECT id FROM account WHERE username = 'admin'")) {
            row.next();
            admin = row.getString(1);
        }
        try (PreparedStatement insert = db.prepareStatement(INSERT_SYNTHETIC_SESSIONS)) {
            insert.setString(1, admin);
            insert.setLong(2, rows);
            insert.executeUpdate();
        }
    }

    private static long count(Connection db) throws SQLException {
        try (var statement = db.createStatement(); ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM session_family")) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
