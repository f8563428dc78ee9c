package causse.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import causse.jid.Jid;
import causse.module.AccountNodes;
import causse.module.AccountRemovalListener;
import causse.module.DiscoIdentity;
import causse.module.HookPoint;
import causse.module.IqHandler;
import causse.module.IqScope;
import causse.module.ModuleContext;
import causse.module.SessionListener;
import causse.module.StanzaHook;
import causse.pubsub.service.Contacts;
import causse.routing.RemoteDelivery;
import causse.routing.StanzaRouter;
import causse.session.Sessions;
import causse.stanza.Stanza;
import causse.storage.memory.MemoryPubSubStore;
import causse.xml.XmlElement;
import causse.xml.XmlParser;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * XEP-0060 §8.6 (approving and denying pending subscriptions by message) and §8.7 (pending requests by ad-hoc
 * command), through the module as the router hands it stanzas.
 */
class ApprovalTest {
    private static final String SERVICE = "pubsub.denmark.lit";
    private static final String STANZAS = "urn:ietf:params:xml:ns:xmpp-stanzas";
    private final List<Stanza> routed = new ArrayList<>();
    private final FakeContext context = new FakeContext();
    private final PubSubModule module = new PubSubModule(PubSubModule.Options.DEFAULTS, new MemoryPubSubStore(),
            new NoContacts(), Runnable::run, Clock.systemUTC());
    private int ids;

    @AfterEach
    void stop() {
        module.stop();
    }

    private XmlElement send(String xml) {
        routed.clear();
        context.service.route(Stanza.of(XmlParser.parse(xml)));
        return routed.isEmpty() ? null : routed.get(routed.size() - 1).element();
    }

    private XmlElement iq(String type, String from, String ns, String body) {
        return send("<iq xmlns='jabber:client' type='" + type + "' id='q" + ++ids + "' from='" + from + "' to='"
                + SERVICE + "'><pubsub xmlns='" + ns + "'>" + body + "</pubsub></iq>");
    }

    /** hamlet's authorize node with francisco's pending subscription; returns its subid. */
    private String pendingSubscription() {
        module.start(context);
        assertThat(iq("set", "hamlet@denmark.lit/elsinore", "http://jabber.org/protocol/pubsub",
                "<create node='princely_musings'/><configure><x xmlns='jabber:x:data' type='submit'>"
                        + "<field var='pubsub#access_model'><value>authorize</value></field></x></configure>")
                .attribute("type")).isEqualTo("result");
        XmlElement answer = iq("set", "francisco@denmark.lit/barracks", "http://jabber.org/protocol/pubsub",
                "<subscribe node='princely_musings' jid='francisco@denmark.lit'/>");
        XmlElement subscription = answer.firstElement().firstElement();
        assertThat(subscription.attribute("subscription")).isEqualTo("pending");
        return subscription.attribute("subid");
    }

    private void answerApproval(String from, String formType, String allow, String subid) {
        send("<message xmlns='jabber:client' from='" + from + "' to='" + SERVICE + "' id='approve1'>"
                + "<x xmlns='jabber:x:data' type='" + formType + "'>"
                + "<field var='FORM_TYPE' type='hidden'><value>http://jabber.org/protocol/pubsub#subscribe_authorization</value></field>"
                + "<field var='pubsub#subid'><value>" + subid + "</value></field>"
                + "<field var='pubsub#node'><value>princely_musings</value></field>"
                + "<field var='pubsub#subscriber_jid'><value>francisco@denmark.lit</value></field>"
                + "<field var='pubsub#allow'><value>" + allow + "</value></field></x></message>");
    }

    private String francisState() {
        XmlElement list = iq("get", "hamlet@denmark.lit/elsinore", "http://jabber.org/protocol/pubsub#owner",
                "<subscriptions node='princely_musings'/>").firstElement().firstElement();
        return list.elements().stream().filter(s -> s.attribute("jid").equals("francisco@denmark.lit"))
                .map(s -> s.attribute("subscription")).findFirst().orElse("none");
    }

    // §8.6, examples 170-171: the owner is asked, and approves
    @Test
    void ownerApproves() {
        String subid = pendingSubscription();
        assertThat(routed).isNotEmpty();
        answerApproval("hamlet@denmark.lit/elsinore", "submit", "true", subid);
        assertThat(francisState()).isEqualTo("subscribed");
    }

    // §8.6, example 173: the owner denies
    @Test
    void ownerDenies() {
        String subid = pendingSubscription();
        answerApproval("hamlet@denmark.lit/elsinore", "submit", "0", subid);
        assertThat(francisState()).isEqualTo("none");
    }

    // §8.6, example 175: "If the owner cancels the Data Form, then the subscription request MUST remain in the
    // pending state."
    @Test
    void ownerCancels() {
        String subid = pendingSubscription();
        answerApproval("hamlet@denmark.lit/elsinore", "cancel", "1", subid);
        assertThat(francisState()).isEqualTo("pending");
    }

    // §8.7.3.3's rule for the message form: someone who is no owner approves nothing (a message has no error
    // answer here; the request stays pending)
    @Test
    void notAnOwnerApprovesNothing() {
        String subid = pendingSubscription();
        answerApproval("bernardo@denmark.lit/pda", "submit", "1", subid);
        assertThat(francisState()).isEqualTo("pending");
        answerApproval("hamlet@denmark.lit/elsinore", "submit", "1", subid + "x");
        assertThat(francisState()).isEqualTo("pending");
    }

    // §8.7.3.1, example 178: Causse's pubsub service offers no ad-hoc commands, so get-pending is unavailable
    @Test
    void adHocCommandsNotSupported() {
        module.start(context);
        XmlElement answer = send("<iq xmlns='jabber:client' type='set' id='pending1' from='hamlet@denmark.lit/elsinore'"
                + " to='" + SERVICE + "'><command xmlns='http://jabber.org/protocol/commands' node="
                + "'http://jabber.org/protocol/pubsub#get-pending' action='execute'/></iq>");
        assertThat(answer.attribute("type")).isEqualTo("error");
        XmlElement error = answer.child("error", "jabber:client");
        assertThat(error.attribute("type")).isEqualTo("cancel");
        assertThat(error.elements()).singleElement().satisfies(e -> assertThat(e.is("service-unavailable", STANZAS)).isTrue());
    }

    private static final class NoContacts implements Contacts {
        @Override
        public boolean seesPresence(String owner, String jid) {
            return false;
        }

        @Override
        public Set<String> groups(String owner, String jid) {
            return Set.of();
        }

        @Override
        public List<String> subscribers(String owner) {
            return List.of();
        }

        @Override
        public List<String> followed(String jid) {
            return List.of();
        }
    }

    /** Only what PubSubModule uses: the service registration, the router and the hosted domain. */
    private final class FakeContext implements ModuleContext {
        StanzaRouter service;

        @Override
        public void registerService(String prefix, String name, StanzaRouter handler) {
            service = handler;
        }

        @Override
        public StanzaRouter router() {
            return routed::add;
        }

        @Override
        public boolean isLocal(String domain) {
            return domain.equals("denmark.lit");
        }

        @Override
        public void registerIq(IqScope scope, String name, String namespace, IqHandler handler) {
        }

        @Override
        public void addFeature(String var) {
        }

        @Override
        public void addIdentity(DiscoIdentity identity) {
        }

        @Override
        public void hook(HookPoint point, int order, StanzaHook hook) {
        }

        @Override
        public void addSessionListener(SessionListener listener) {
        }

        @Override
        public void addAccountRemovalListener(AccountRemovalListener listener) {
        }

        @Override
        public boolean removeAccount(Jid account, BooleanSupplier delete) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void addPreAuthFeature(XmlElement feature) {
        }

        @Override
        public void addPostAuthFeature(XmlElement feature) {
        }

        @Override
        public void addAccountFeature(String var) {
        }

        @Override
        public void addAccountIdentity(DiscoIdentity identity) {
        }

        @Override
        public void setAccountNodes(AccountNodes nodes) {
        }

        @Override
        public void provideRemoteDelivery(RemoteDelivery delivery) {
        }

        @Override
        public CompletableFuture<Stanza> request(Stanza iq, Duration timeout) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Sessions sessions() {
            throw new UnsupportedOperationException();
        }
    }
}
