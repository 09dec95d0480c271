package dev.rotor.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** Creates each server's database afresh with {@code psql}, so every run starts from empty tables. */
final class Postgres {

    private final Options options;

    Postgres(Options options) {
        this.options = options;
    }

    /**
     * {@code -Dbench.pg.logStatements=true}: every statement on the benchmark's databases goes to
     * PostgreSQL's server log ({@code log_statement = 'all'}), e.g. to see which server commits with
     * {@code synchronous_commit} off. It slows every server down: for a {@code --quick} check only.
     */
    static final boolean LOG_STATEMENTS = Boolean.getBoolean("bench.pg.logStatements");

    void recreate(String database) {
        var command = recreateCommand(database, LOG_STATEMENTS);
        try {
            var builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("PGPASSWORD", options.pgPassword());
            Process psql = builder.start();
            String out = new String(psql.getInputStream().readAllBytes());
            if (psql.waitFor() != 0) {
                throw new IllegalStateException("psql could not recreate " + database + ": " + out.trim());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("psql is needed to create " + database, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    List<String> recreateCommand(String database, boolean logStatements) {
        if (!database.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("database name must be a plain identifier: " + database);
        }
        var command = new java.util.ArrayList<>(List.of("psql", "-h", options.pgHost(), "-p", String.valueOf(options.pgPort()),
                "-U", options.pgUser(), "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-q",
                "-c", "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)", "-c", "CREATE DATABASE " + database));
        if (logStatements) {
            command.addAll(List.of("-c", "ALTER DATABASE " + database + " SET log_statement = 'all'"));
        }
        return command;
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://" + options.pgHost() + ":" + options.pgPort() + "/" + database;
    }

    java.sql.Connection connect(String database) throws java.sql.SQLException {
        return java.sql.DriverManager.getConnection(jdbcUrl(database), options.pgUser(), options.pgPassword());
    }
}
