package uk.ilrledger.projections;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Inserts a projection's new rows of one kind: one JDBC batch of {@code INSERT}s, or, while a rebuild fills
 * the tables of its scratch schema ({@link #copying}), one {@code COPY}, which PostgreSQL loads without a
 * statement per row. Either way the rows go in the caller's transaction, in the order given (so serial ids
 * come out the same), and the values are the same: a {@code jsonb} column takes the JSON text, a
 * {@code timestamptz} the instant.
 */
@Component
public final class RowInserts {

    private static final ThreadLocal<Boolean> COPYING = ThreadLocal.withInitial(() -> false);

    /** A column, and whether its value is JSON text for a {@code jsonb} column. */
    public record Column(String name, boolean json) {

        public static Column of(String name) {
            return new Column(name, false);
        }

        public static Column jsonb(String name) {
            return new Column(name, true);
        }
    }

    private final JdbcTemplate batches;

    public RowInserts(JdbcTemplate batches) {
        this.batches = batches;
    }

    /** Runs {@code work} with this thread's inserts sent as {@code COPY}: for tables nothing else writes yet. */
    public static <T> T copying(Supplier<T> work) {
        boolean before = COPYING.get();
        COPYING.set(true);
        try {
            return work.get();
        } finally {
            COPYING.set(before);
        }
    }

    /** Inserts the rows, each holding the columns' values in order. */
    public void insert(String table, List<Column> columns, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        if (COPYING.get()) {
            copy(table, columns, rows);
            return;
        }
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(table).append(" (");
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(columns.get(i).name());
            values.append(i == 0 ? "" : ", ").append(columns.get(i).json() ? "CAST(? AS jsonb)" : "?");
        }
        sql.append(") VALUES (").append(values).append(')');
        batches.batchUpdate(sql.toString(), rows);
    }

    private void copy(String table, List<Column> columns, List<Object[]> rows) {
        StringBuilder sql = new StringBuilder("COPY ").append(table).append(" (");
        for (int i = 0; i < columns.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(columns.get(i).name());
        }
        sql.append(") FROM STDIN");
        StringBuilder text = new StringBuilder(rows.size() * 256);
        for (Object[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                if (i > 0) {
                    text.append('\t');
                }
                value(text, row[i]);
            }
            text.append('\n');
        }
        DataSource dataSource = batches.getDataSource();
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try (Reader in = new StringReader(text.toString())) {
            connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql.toString(), in);
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("cannot copy " + rows.size() + " rows into " + table, e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    /** A value in COPY's text format: {@code \N} for null, backslash, tab and line ends escaped. */
    static void value(StringBuilder text, Object value) {
        if (value == null) {
            text.append("\\N");
            return;
        }
        String plain = value instanceof Timestamp timestamp ? timestamp.toInstant().toString() : value.toString();
        if (plain.indexOf('\\') < 0 && plain.indexOf('\t') < 0 && plain.indexOf('\n') < 0 && plain.indexOf('\r') < 0) {
            text.append(plain); // nearly always: JSON text escapes its own control characters
            return;
        }
        for (int i = 0; i < plain.length(); i++) {
            char c = plain.charAt(i);
            switch (c) {
                case '\\' -> text.append("\\\\");
                case '\t' -> text.append("\\t");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                default -> text.append(c);
            }
        }
    }
}
