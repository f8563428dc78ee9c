package causse.pubsub.xmpp;

import static org.assertj.core.api.Assertions.assertThat;

import causse.jid.Jid;
import causse.module.IqRequest;
import causse.module.KeyedQueue;
import causse.pubsub.service.Broadcaster;
import causse.pubsub.service.Contacts;
import causse.pubsub.service.Node;
import causse.pubsub.service.NodeConfig;
import causse.pubsub.service.NodeEvent;
import causse.pubsub.service.PubSubService;
import causse.pubsub.service.ServicePolicy;
import causse.pubsub.service.Subscription;
import causse.stanza.Stanza;
import causse.storage.memory.MemoryPubSubStore;
import causse.xml.Namespaces;
import causse.xml.XmlElement;
import causse.xml.XmlParser;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A pubsub service at {@value #SERVICE} as a client sees it: IQ requests written as XML go through
 * {@link PubSubRequests} over a real {@link PubSubService} and a {@link MemoryPubSubStore}; the answer is the
 * stanza the {@link IqRequest} routes. Work runs on the calling thread (a direct executor behind the queue).
 * Accounts follow the XEP's examples: hamlet owns the nodes, the others are whatever a test makes them.
 */
final class PubSubHarness {
    static final String SERVICE = "pubsub.shakespeare.lit";
    static final String PUBSUB = PubSubNamespaces.PUBSUB;
    static final String OWNER = PubSubNamespaces.OWNER;
    static final String HAMLET = "hamlet@denmark.lit/elsinore";
    static final String FRANCISCO = "francisco@denmark.lit/barracks";
    static final String BERNARDO = "bernardo@denmark.lit/pda";
    static final String HORATIO = "horatio@denmark.lit/castle";
    static final String NODE = "princely_musings";

    final MemoryPubSubStore store;
    final RecordingBroadcaster broadcaster = new RecordingBroadcaster();
    final FakeContacts contacts = new FakeContacts();
    final PubSubService service;
    final PubSubRequests requests;
    /** Who may create nodes (bare JIDs); empty: any account of denmark.lit. */
    final Set<String> creators = new HashSet<>();
    private int ids;

    PubSubHarness() {
        this(new MemoryPubSubStore());
    }

    /** A service that loads what {@code store} already holds, as after a restart. */
    PubSubHarness(MemoryPubSubStore store) {
        this.store = store;
        ServicePolicy policy = new ServicePolicy(false, NodeConfig.serviceDefaults(100, 1000), 1000,
                (svc, actor) -> creators.isEmpty() ? actor.local() != null && actor.domain().equals("denmark.lit")
                        : creators.contains(actor.bareString()),
                true);
        service = new PubSubService(store, broadcaster, contacts, policy, Clock.systemUTC());
        service.load(svc -> true);
        requests = new PubSubRequests(service, new KeyedQueue(Runnable::run, "test"));
    }

    /** Sends {@code <iq type=type from=from><pubsub xmlns=ns>body</pubsub></iq>} and returns the answer. */
    XmlElement iq(String type, String from, String ns, String body) {
        String id = "q" + ++ids;
        Stanza stanza = Stanza.of(XmlParser.parse("<iq xmlns='jabber:client' type='" + type + "' id='" + id
                + "' from='" + from + "' to='" + SERVICE + "'><pubsub xmlns='" + ns + "'>" + body + "</pubsub></iq>"));
        List<Stanza> answers = new ArrayList<>();
        requests.handle(new IqRequest(stanza, stanza.to(), answers::add), SERVICE);
        assertThat(answers).as("one answer to %s", body).hasSize(1);
        XmlElement answer = answers.get(0).element();
        assertThat(answer.attribute("id")).isEqualTo(id);
        assertThat(answer.attribute("to")).isEqualTo(from);
        assertThat(answer.attribute("from")).isEqualTo(SERVICE);
        return answer;
    }

    XmlElement set(String from, String body) {
        return iq("set", from, PUBSUB, body);
    }

    XmlElement get(String from, String body) {
        return iq("get", from, PUBSUB, body);
    }

    XmlElement ownerSet(String from, String body) {
        return iq("set", from, OWNER, body);
    }

    XmlElement ownerGet(String from, String body) {
        return iq("get", from, OWNER, body);
    }

    /** A node created by hamlet with these node_config fields ({@code var=value} pairs). */
    void createNode(String node, String... fields) {
        assertResult(set(HAMLET, "<create node='" + node + "'/><configure>" + form(NodeConfig.FORM_TYPE, fields)
                + "</configure>"));
    }

    void publish(String from, String node, String itemXml) {
        assertResult(set(from, "<publish node='" + node + "'>" + itemXml + "</publish>"));
    }

    /** Subscribes {@code from}'s bare JID to the node and returns its subid. */
    String subscribe(String from, String node) {
        XmlElement answer = set(from, "<subscribe node='" + node + "' jid='" + bare(from) + "'/>");
        assertResult(answer);
        return answer.firstElement().firstElement().attribute("subid");
    }

    void affiliate(String jid, String affiliation) {
        assertResult(ownerSet(HAMLET, "<affiliations node='" + NODE + "'><affiliation jid='" + bare(jid)
                + "' affiliation='" + affiliation + "'/></affiliations>"));
    }

    static String bare(String jid) {
        return Jid.parse(jid).bareString();
    }

    /** A submitted data form of {@code formType} with {@code var=value} fields (a var may repeat). */
    static String form(String formType, String... fields) {
        StringBuilder x = new StringBuilder("<x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE' type='hidden'>"
                + "<value>" + formType + "</value></field>");
        for (String f : fields) {
            int eq = f.indexOf('=');
            x.append("<field var='").append(f, 0, eq).append("'><value>").append(f.substring(eq + 1))
                    .append("</value></field>");
        }
        return x.append("</x>").toString();
    }

    static void assertResult(XmlElement answer) {
        assertThat(answer.attribute("type")).as("answer %s", answer).isEqualTo("result");
    }

    /**
     * Asserts the answer is an error whose {@code <error/>} element is exactly {@code expectedXml} (as the XEP's
     * examples write it, whitespace between elements ignored; the error's namespace is the stanza's).
     */
    static void assertError(XmlElement answer, String expectedXml) {
        assertThat(answer.attribute("type")).as("answer %s", answer).isEqualTo("error");
        XmlElement expected = XmlParser.parse("<iq xmlns='jabber:client'>" + expectedXml.replaceAll(">\\s+<", "><")
                + "</iq>").firstElement();
        XmlElement error = answer.child("error", Namespaces.CLIENT);
        assertThat(error).as("error of %s", answer).isNotNull();
        assertThat(error.toString()).isEqualTo(expected.toString());
    }

    static String stanzaError(String type, String condition) {
        return "<error type='" + type + "'><" + condition + " xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>";
    }

    static String pubsubError(String type, String condition, String pubsubCondition) {
        return "<error type='" + type + "'><" + condition + " xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/><"
                + pubsubCondition + " xmlns='http://jabber.org/protocol/pubsub#errors'/></error>";
    }

    /** {@code <feature-not-implemented/>} with {@code <unsupported feature='...'/>}. */
    static String unsupported(String feature) {
        return "<error type='cancel'><feature-not-implemented xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"
                + "<unsupported xmlns='http://jabber.org/protocol/pubsub#errors' feature='" + feature + "'/></error>";
    }

    /** Events and approval requests as the service hands them out. */
    static final class RecordingBroadcaster implements Broadcaster {
        final List<NodeEvent> events = new ArrayList<>();
        final Map<NodeEvent, List<String>> recipients = new HashMap<>();
        final List<Subscription> approvals = new ArrayList<>();

        @Override
        public void send(Node node, NodeEvent event, Collection<String> to) {
            events.add(event);
            recipients.put(event, List.copyOf(to));
        }

        @Override
        public void askApproval(Node node, Subscription pending, Collection<String> owners) {
            approvals.add(pending);
        }
    }

    /** Rosters as a map: owner -> contact -> groups; a contact in the roster sees the owner's presence. */
    static final class FakeContacts implements Contacts {
        final Map<String, Map<String, Set<String>>> rosters = new HashMap<>();

        void add(String owner, String contact, String... groups) {
            rosters.computeIfAbsent(bare(owner), o -> new HashMap<>()).put(bare(contact), Set.of(groups));
        }

        @Override
        public boolean seesPresence(String owner, String jid) {
            return rosters.getOrDefault(owner, Map.of()).containsKey(jid);
        }

        @Override
        public Set<String> groups(String owner, String jid) {
            return rosters.getOrDefault(owner, Map.of()).getOrDefault(jid, Set.of());
        }

        @Override
        public List<String> subscribers(String owner) {
            return List.copyOf(rosters.getOrDefault(owner, Map.of()).keySet());
        }

        @Override
        public List<String> followed(String jid) {
            return rosters.entrySet().stream().filter(e -> e.getValue().containsKey(jid)).map(Map.Entry::getKey)
                    .toList();
        }
    }
}
