package causse.routing;

import causse.stanza.Stanza;

/** Takes a stanza whose {@code from} the server trusts and delivers it wherever its {@code to} says. Thread-safe. */
public interface StanzaRouter {
    void route(Stanza stanza);
}
