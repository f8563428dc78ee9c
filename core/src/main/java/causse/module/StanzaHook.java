package causse.module;

import causse.stanza.Stanza;

/**
 * Looks at a stanza on its way and may take it over. Runs on an event loop: it must not block (storage
 * work goes to an executor, and the hook then finishes the stanza's journey itself).
 */
@FunctionalInterface
public interface StanzaHook {
    /** Returns true when the hook has taken the stanza (answered, dropped, or will route it itself). */
    boolean handle(Stanza stanza);
}
