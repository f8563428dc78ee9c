package causse.server.modules.carbons;

import causse.jid.Jid;
import causse.module.HookPoint;
import causse.module.IqRequest;
import causse.module.IqScope;
import causse.module.Module;
import causse.module.ModuleContext;
import causse.module.SessionListener;
import causse.server.router.DeliveryRules;
import causse.session.ClientSession;
import causse.session.SessionKey;
import causse.session.Sessions;
import causse.stanza.Stanza;
import causse.stanza.StanzaError;
import causse.stanza.StanzaErrorCondition;
import causse.xml.Namespaces;
import causse.xml.XmlElement;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Message Carbons (XEP-0280): resources that enable carbons get a copy of the account's IM messages that other
 * resources send ({@code <sent/>}) or receive ({@code <received/>}), so every device shows both sides.
 * Copies are written straight to the sessions, never routed, so they pass no hook and are never copied again.
 */
public final class CarbonsModule implements Module {
    public static final String NAMESPACE = "urn:xmpp:carbons:2";
    static final String FORWARD = "urn:xmpp:forward:0";
    static final String HINTS = "urn:xmpp:hints";
    /** After blocking (10): a refused or dropped stanza is never copied. */
    static final int HOOK_ORDER = 100;
    /** Payloads that make a message IM traffic whatever its type (XEP-0280 §6.1: receipts, chat states, markers). */
    private static final List<String> IM_PAYLOADS = List.of("urn:xmpp:receipts",
            "http://jabber.org/protocol/chatstates", "urn:xmpp:chat-markers:0");
    private static final String MUC_USER = "http://jabber.org/protocol/muc#user";

    private final SessionKey<Boolean> enabled = new SessionKey<>("carbons.enabled");
    /**
     * The accounts with at least one session that enabled carbons. Most have none, and their messages then pass
     * both hooks with one map lookup instead of a walk over the account's sessions.
     */
    private final ConcurrentHashMap<Jid, Boolean> interested = new ConcurrentHashMap<>();
    private Sessions sessions;

    @Override
    public String name() {
        return "carbons";
    }

    @Override
    public void start(ModuleContext context) {
        this.sessions = context.sessions();
        context.addFeature(NAMESPACE);
        context.registerIq(IqScope.ACCOUNT, "enable", NAMESPACE, r -> toggle(r, true));
        context.registerIq(IqScope.ACCOUNT, "disable", NAMESPACE, r -> toggle(r, false));
        context.hook(HookPoint.INBOUND, HOOK_ORDER, this::received);
        context.hook(HookPoint.OUTBOUND, HOOK_ORDER, this::sent);
        context.addSessionListener(new SessionListener() {
            @Override
            public void ended(ClientSession session, boolean wasAvailable) {
                if (Boolean.TRUE.equals(session.get(enabled))) {
                    recount(session.jid().bare());
                }
            }
        });
    }

    /**
     * Recomputes whether the account is interested from its sessions as they are now, under the map's lock for that
     * account: two of its sessions changing at once on two event loops cannot leave a stale answer behind.
     */
    private void recount(Jid account) {
        interested.compute(account, (k, old) -> {
            for (ClientSession s : sessions.sessionsOf(k)) {
                if (Boolean.TRUE.equals(s.get(enabled))) {
                    return Boolean.TRUE;
                }
            }
            return null;
        });
    }

    private void toggle(IqRequest request, boolean on) {
        if (!request.isSet()) {
            request.error(StanzaError.of(StanzaErrorCondition.BAD_REQUEST, "Carbons are switched with an IQ set"));
            return;
        }
        ClientSession session = sessions.get(request.from());
        if (!request.from().bare().equals(request.to()) || session == null) {
            // XEP-0280 §4, §5: a client switches its own carbons only.
            request.error(StanzaErrorCondition.NOT_ALLOWED);
            return;
        }
        // Repeated enables or disables are not errors (XEP-0280 §11.1).
        session.set(enabled, on);
        recount(request.to());
        request.result(null);
    }

    /** INBOUND: copies a message to the enabled resources of its recipient that the router will not give it to. */
    private boolean received(Stanza stanza) {
        Jid to = stanza.to();
        if (stanza.kind() != Stanza.Kind.MESSAGE || to == null || interested.isEmpty()
                || !interested.containsKey(to.bare()) || !eligible(stanza.element(), stanza.type())
                || isMucPrivateMessage(stanza)) {
            return false;
        }
        List<ClientSession> all = sessions.sessionsOf(to.bare());
        ClientSession addressed = to.hasResource() ? sessions.get(to) : null;
        List<ClientSession> recipients = addressed != null ? List.of(addressed)
                : stanza.type().equals("headline") ? DeliveryRules.nonNegative(all) : DeliveryRules.highestPriority(all);
        for (ClientSession s : all) {
            if (!recipients.contains(s) && Boolean.TRUE.equals(s.get(enabled))) {
                s.send(copy("received", stanza, s.jid()));
            }
        }
        return false;
    }

    /** OUTBOUND: copies a message a resource sends to the account's other enabled resources. */
    private boolean sent(Stanza stanza) {
        Jid to = stanza.to();
        // A message to one's own account is copied as received, on its way in; no sent copy on top.
        if (stanza.kind() != Stanza.Kind.MESSAGE || to == null || interested.isEmpty()
                || !interested.containsKey(stanza.from().bare())
                || to.bare().equals(stanza.from().bare()) || !eligible(stanza.element(), stanza.type())) {
            return false;
        }
        for (ClientSession s : sessions.sessionsOf(stanza.from().bare())) {
            if (!s.jid().equals(stanza.from()) && Boolean.TRUE.equals(s.get(enabled))) {
                s.send(copy("sent", stanza, s.jid()));
            }
        }
        return false;
    }

    /**
     * XEP-0280 §6.1 less the MUC invitations, which go with MUC: chat, normal with a body, or IM payloads; never
     * groupchat, errors, {@code <private/>} (§8), {@code <no-copy/>} (XEP-0334) or a carbon itself.
     */
    static boolean eligible(XmlElement message, String type) {
        if (type.equals("groupchat") || type.equals("error") || message.child("private", NAMESPACE) != null
                || message.child("no-copy", HINTS) != null || message.child("received", NAMESPACE) != null
                || message.child("sent", NAMESPACE) != null) {
            return false;
        }
        if (type.equals("chat")) {
            return true;
        }
        if (type.equals("normal") && message.child("body", message.namespace()) != null) {
            return true;
        }
        return message.elements().stream().anyMatch(e -> IM_PAYLOADS.contains(e.namespace()));
    }

    /** XEP-0280 §6.1: MUC services copy private messages to every joined client themselves. */
    private static boolean isMucPrivateMessage(Stanza stanza) {
        return stanza.from() != null && stanza.from().hasResource()
                && stanza.element().child("x", MUC_USER) != null;
    }

    private static XmlElement copy(String direction, Stanza original, Jid recipient) {
        XmlElement forwarded = XmlElement.builder("forwarded", FORWARD)
                .child(original.element().withNamespace(Namespaces.CLIENT)).build();
        return XmlElement.builder("message", Namespaces.CLIENT)
                .attribute("from", recipient.bare().toString()).attribute("to", recipient.toString())
                .attribute("type", original.element().attribute("type"))
                .child(XmlElement.builder(direction, NAMESPACE).child(forwarded).build()).build();
    }
}
