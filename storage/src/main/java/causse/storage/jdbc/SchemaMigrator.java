package causse.storage.jdbc;

import causse.storage.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a database schema up to the version this code knows, one numbered SQL script at a time.
 *
 * <p>Scripts are classpath resources named {@code V<n>__<description>.sql}, listed in {@link #MIGRATIONS} in
 * order (a jar cannot be listed reliably, so the list is explicit). Each runs in its own transaction together
 * with the row it adds to {@code schema_version}, so a re-open applies only what is missing. A database whose
 * version is newer than the last script is refused: an older server must not write to a schema it does not know.
 *
 * <p>Script syntax: plain SQL, statements ending with ';', whole-line {@code --} comments, no ';' inside
 * literals, and {@link Dialect} placeholders such as {@code ${binary}} and {@code ${text}} where the databases differ.
 *
 * <p>Caveat: H2 commits DDL as it runs it (PostgreSQL does not), so on H2 a script that fails half way leaves
 * its first statements applied; the version row is still missing, so the failure is visible.
 */
public final class SchemaMigrator {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);
    private static final String FOLDER = "causse/storage/migrations/";
    /** The production scripts, oldest first; append only, never edit one that has shipped. */
    static final List<String> MIGRATIONS = List.of(FOLDER + "V1__accounts.sql", FOLDER + "V2__im.sql",
            FOLDER + "V3__pubsub.sql", FOLDER + "V4__account_removals.sql");

    private static final Pattern NAME = Pattern.compile("V([1-9][0-9]*)__([A-Za-z0-9_]+)\\.sql");

    private final Database db;
    private final List<Script> scripts;

    public SchemaMigrator(Database db) {
        this(db, MIGRATIONS);
    }

    /** With other scripts than the production ones (tests): full resource paths, versions 1, 2, 3... in order. */
    SchemaMigrator(Database db, List<String> resources) {
        this.db = db;
        this.scripts = new ArrayList<>();
        for (String resource : resources) {
            Script script = Script.of(resource);
            if (script.version != scripts.size() + 1) {
                throw new IllegalArgumentException("migration " + resource + " should be version " + (scripts.size() + 1));
            }
            scripts.add(script);
        }
    }

    /** The version the last script brings the schema to. */
    public int latestVersion() {
        return scripts.size();
    }

    /** The version the database is at: 0 when no migration has run; creates the empty version table if missing. */
    public int currentVersion() {
        return db.inTransaction(tx -> {
            createVersionTable(tx);
            return tx.queryOne("SELECT MAX(version) FROM schema_version", row -> row.getInt(1)).orElse(0);
        });
    }

    /**
     * Applies every script newer than the database's version, each in its own transaction.
     *
     * @return the version the database is now at
     * @throws StorageException when the database is newer than this code, or a script fails
     */
    public int migrate() {
        int current = currentVersion();
        if (current > latestVersion()) {
            throw new StorageException("database schema version " + current + " is newer than the version "
                    + latestVersion() + " this Causse knows: refusing to use it (run the newer Causse that wrote"
                    + " it, or restore a backup)");
        }
        for (Script script : scripts.subList(current, scripts.size())) {
            apply(script);
        }
        return latestVersion();
    }

    private void apply(Script script) {
        List<String> statements = script.statements(db.dialect());
        try {
            db.inTransaction(tx -> {
                for (String statement : statements) {
                    tx.execute(statement);
                }
                tx.update("INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)",
                        script.version, script.description, Instant.now());
                return null;
            });
        } catch (StorageException e) {
            throw new StorageException("schema migration " + script.resource + " failed: " + e.getMessage(), e);
        }
        LOG.info("applied schema migration {}", script.resource);
    }

    private static void createVersionTable(Transaction tx) throws SQLException {
        tx.execute("CREATE TABLE IF NOT EXISTS schema_version ("
                + "version INTEGER NOT NULL PRIMARY KEY, "
                + "description VARCHAR(200) NOT NULL, "
                + "applied_at TIMESTAMP WITH TIME ZONE NOT NULL)");
    }

    private record Script(String resource, int version, String description, String sql) {
        static Script of(String resource) {
            String fileName = resource.substring(resource.lastIndexOf('/') + 1);
            Matcher m = NAME.matcher(fileName);
            if (!m.matches()) {
                throw new IllegalArgumentException("migration name must be V<n>__<description>.sql: " + resource);
            }
            return new Script(resource, Integer.parseInt(m.group(1)), m.group(2), read(resource));
        }

        List<String> statements(Dialect dialect) {
            StringBuilder withoutComments = new StringBuilder();
            for (String line : sql.split("\n")) {
                if (!line.strip().startsWith("--")) {
                    withoutComments.append(line).append('\n');
                }
            }
            return Arrays.stream(dialect.expand(withoutComments.toString()).split(";"))
                    .map(String::strip)
                    .filter(s -> !s.isEmpty())
                    .toList();
        }

        private static String read(String resource) {
            try (InputStream in = SchemaMigrator.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalArgumentException("missing migration resource " + resource);
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new StorageException("cannot read migration " + resource, e);
            }
        }
    }
}
