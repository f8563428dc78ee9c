package causse.module;

import causse.session.ClientSession;
import causse.stanza.Stanza;

/** Told of session lifecycle events, on the session's event loop; must not block. */
public interface SessionListener {
    /** A resource was bound; stanzas can be sent to it. */
    default void bound(ClientSession session) {
    }

    /**
     * The session sent presence with no {@code to}: available (initial or update) or unavailable.
     * {@code wasAvailable} tells initial presence (false) from an update (true).
     */
    default void presenceChanged(ClientSession session, Stanza presence, boolean wasAvailable) {
    }

    /**
     * The session ended (closed, broken, replaced). {@code wasAvailable} is whether it was available
     * until then; {@link ClientSession#presence()} still returns its last presence during this call.
     */
    default void ended(ClientSession session, boolean wasAvailable) {
    }
}
