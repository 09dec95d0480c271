package dev.rotor.access.control;

import dev.rotor.session.control.RevocationSignal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * A connection of its own (not from the pool, which could hand it to a request or drop it) that
 * listens on {@link RevocationSignal#CHANNEL}: opened with the pool's host, port, database, user
 * and password ({@code ROTOR_DB_*}), named {@code rotor-revocation-listener} in
 * {@code pg_stat_activity}.
 */
final class PostgresNotices implements RevocationListener.Connector {

    static final String APPLICATION_NAME = "rotor-revocation-listener";

    private final String url;
    private final Properties properties = new Properties();

    PostgresNotices(String host, int port, String database, String user, String password) {
        this.url = "jdbc:postgresql://" + host + ":" + port + "/" + database;
        properties.setProperty("user", user);
        if (password != null) {
            properties.setProperty("password", password);
        }
        properties.setProperty("ApplicationName", APPLICATION_NAME);
        properties.setProperty("connectTimeout", "5");
        properties.setProperty("tcpKeepAlive", "true");
    }

    /** Where it connects, without the password (for the log). */
    String target() {
        return url + " as " + properties.getProperty("user");
    }

    @Override
    public RevocationListener.Link open() throws SQLException {
        Connection connection = new org.postgresql.Driver().connect(url, properties);
        if (connection == null) {
            throw new SQLException("The PostgreSQL driver does not accept " + url);
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("LISTEN " + RevocationSignal.CHANNEL);
            return new Listening(connection, connection.unwrap(PGConnection.class));
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    private record Listening(Connection connection, PGConnection pg) implements RevocationListener.Link {

        @Override
        public int await(int millis) throws SQLException {
            PGNotification[] notices = pg.getNotifications(millis);
            return notices == null ? 0 : notices.length;
        }

        @Override
        public void check() throws SQLException {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SELECT 1");
            }
        }

        @Override
        public void close() {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // closing a broken connection: nothing left to do
            }
        }
    }
}
