package causse.server.config;

/**
 * A configuration value Causse cannot start with. The message always begins with {@code file:line:column: }
 * (1-based) so an operator can jump straight to the offending node, and goes on to name the key and what
 * would have been accepted.
 */
public final class ConfigException extends RuntimeException {
    private final String source;
    private final int line;
    private final int column;

    public ConfigException(String source, int line, int column, String problem) {
        super(source + ":" + line + ":" + column + ": " + problem);
        this.source = source;
        this.line = line;
        this.column = column;
    }

    /** The file name (or the label given to {@link ConfigLoader#parse}). */
    public String source() {
        return source;
    }

    /** 1-based line. */
    public int line() {
        return line;
    }

    /** 1-based column. */
    public int column() {
        return column;
    }
}
