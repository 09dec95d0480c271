package dev.rotor.it;

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
