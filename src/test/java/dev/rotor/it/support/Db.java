package dev.rotor.it.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the database the deployed service writes to (H2 through AUTO_SERVER, or PostgreSQL). */
public final class Db {

    private Db() {
    }

    public static List<Map<String, Object>> query(String sql, Object... params) {
        return queryAt(System.getProperty("rotor.it.dbUrl"), sql, params);
    }

    public static List<Map<String, Object>> queryAt(String url, String sql, Object... params) {
        try (Connection connection = DriverManager.getConnection(url);
             var statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                var result = new ArrayList<Map<String, Object>>();
                int columns = rows.getMetaData().getColumnCount();
                while (rows.next()) {
                    var row = new LinkedHashMap<String, Object>();
                    for (int c = 1; c <= columns; c++) {
                        row.put(rows.getMetaData().getColumnLabel(c).toLowerCase(), rows.getObject(c));
                    }
                    result.add(row);
                }
                return result;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Query failed: " + sql, e);
        }
    }

    /** A session's status as its row holds it (ACTIVE, LOGOUT, REUSE_DETECTED, ...). */
    public static String sessionStatus(String sessionId) {
        return String.valueOf(session(sessionId).get("status"));
    }

    /** The generation a session's row holds: how many times it rotated (the cookie jar cannot tell, the grace window hides it). */
    public static long sessionGeneration(String sessionId) {
        return ((Number) session(sessionId).get("generation")).longValue();
    }

    private static Map<String, Object> session(String sessionId) {
        List<Map<String, Object>> rows = query("SELECT status, generation FROM session_family WHERE id = ?", sessionId);
        if (rows.size() != 1) {
            throw new AssertionError("no session " + sessionId);
        }
        return rows.get(0);
    }

    /** Changes rows behind the service's back (a test setting up a state the API cannot make). */
    public static int update(String sql, Object... params) {
        try (Connection connection = DriverManager.getConnection(System.getProperty("rotor.it.dbUrl"));
             var statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Update failed: " + sql, e);
        }
    }
}
