package causse.session;

/** A typed key for per-session module state; compared by identity, so each module owns its keys. */
public final class SessionKey<T> {
    private final String name;

    public SessionKey(String name) {
        this.name = name;
    }

    @Override
    public String toString() {
        return name;
    }
}
