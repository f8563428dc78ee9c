package causse.server.config;

import java.util.Objects;

/** Where accounts and data live. {@code url} null means the embedded H2 database under the data directory. */
public record StorageConfig(String url, String user, String password) {
    public StorageConfig {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
    }

    public static StorageConfig defaults() {
        return new StorageConfig(null, "sa", "");
    }

    /** Keeps the password out of logs and exception messages. */
    @Override
    public String toString() {
        return "StorageConfig[url=" + url + ", user=" + user + ", password=" + (password.isEmpty() ? "" : "****") + "]";
    }
}
