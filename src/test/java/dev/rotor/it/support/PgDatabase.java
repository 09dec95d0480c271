package dev.rotor.it.support;

import java.security.SecureRandom;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A fresh PostgreSQL database for one test class, created and dropped through the {@code postgres}
 * database, with the key-encryption key every instance on it must share.
 */
public final class PgDatabase implements AutoCloseable {

    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";

    private final String host;
    private final int port;
    private final String name;
    private final String kek;

    private PgDatabase(String host, int port, String name) {
        this.host = host;
        this.port = port;
        this.name = name;
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        this.kek = Base64.getEncoder().encodeToString(key);
    }

    /** Drops {@code name} if it exists and creates it empty. */
    public static PgDatabase create(String host, int port, String name) {
        var db = new PgDatabase(host, port, name);
        db.admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        db.admin("CREATE DATABASE " + name);
        return db;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String name() {
        return name;
    }

    /** Base64 of 32 random bytes, passed to every instance as {@code rotor.kek} and ROTOR_KEK. */
    public String kek() {
        return kek;
    }

    public String jdbcUrl() {
        return jdbcUrl(name);
    }

    public List<Map<String, Object>> query(String sql, Object... params) {
        return Db.queryAt(jdbcUrl(), sql, params);
    }

    public long count(String sql, Object... params) {
        return ((Number) query(sql, params).get(0).values().iterator().next()).longValue();
    }

    /** The ROTOR_DB_* variables that payara-config/postgresql.asadmin reads. */
    public Map<String, String> environment() {
        return Map.of("ROTOR_DB_HOST", host, "ROTOR_DB_PORT", Integer.toString(port), "ROTOR_DB_NAME", name,
                "ROTOR_DB_USER", USER, "ROTOR_DB_PASSWORD", PASSWORD, "ROTOR_KEK", kek);
    }

    @Override
    public void close() {
        admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database + "?user=" + USER + "&password=" + PASSWORD;
    }

    private void admin(String sql) {
        try (var connection = DriverManager.getConnection(jdbcUrl("postgres")); var statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed on " + host + ":" + port, e);
        }
    }
}
