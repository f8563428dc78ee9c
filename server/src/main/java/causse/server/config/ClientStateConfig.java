package causse.server.config;

/**
 * Client state indication (XEP-0352): what the server holds back from a client that said it is inactive (a phone
 * with its screen off), to spare its radio and battery.
 *
 * @param enabled the {@code <csi/>} feature is offered after authentication
 * @param maxHeld presence updates, chat states and PEP notifications held for one inactive client; one more sends
 *                them all
 */
public record ClientStateConfig(boolean enabled, int maxHeld) {
    public static final int DEFAULT_MAX_HELD = 100;

    public ClientStateConfig {
        if (maxHeld < 1) {
            throw new IllegalArgumentException("maxHeld must be positive");
        }
    }

    public static ClientStateConfig defaults() {
        return new ClientStateConfig(true, DEFAULT_MAX_HELD);
    }
}
