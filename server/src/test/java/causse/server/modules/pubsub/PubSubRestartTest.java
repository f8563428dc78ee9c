package causse.server.modules.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import causse.server.TestServer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.packet.StandardExtensionElement;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.pep.PepManager;
import org.jivesoftware.smackx.pubsub.AccessModel;
import org.jivesoftware.smackx.pubsub.Item;
import org.jivesoftware.smackx.pubsub.LeafNode;
import org.jivesoftware.smackx.pubsub.PayloadItem;
import org.jivesoftware.smackx.pubsub.PubSubManager;
import org.jivesoftware.smackx.pubsub.Subscription;
import org.jivesoftware.smackx.pubsub.form.ConfigureForm;
import org.jivesoftware.smackx.pubsub.form.FillableConfigureForm;
import org.jivesoftware.smackx.usertune.element.UserTuneElement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jxmpp.jid.impl.JidCreate;

/** Nodes with their configuration and affiliations, items, subscriptions and PEP items outlive the server. */
class PubSubRestartTest {
    @TempDir
    Path dataDir;

    private static PubSubManager pubsub(XMPPTCPConnection c) throws Exception {
        return PubSubManager.getInstanceFor(c, JidCreate.domainBareFrom("pubsub.localhost"));
    }

    private static PayloadItem<StandardExtensionElement> employee(String id) {
        return new PayloadItem<>(id, StandardExtensionElement.builder("employee", "urn:example:grh").setText(id)
                .build());
    }

    private static List<String> ids(List<? extends Item> items) {
        return items.stream().map(Item::getId).toList();
    }

    @Test
    void nodesItemsSubscriptionsAndPepItemsSurviveARestart() throws Exception {
        try (TestServer server = TestServer.start(dataDir)) {
            server.addUser("rh");
            server.addUser("paie");
            XMPPTCPConnection rh = server.login("rh", "bot");
            LeafNode grh = pubsub(rh).createNode("grh");
            FillableConfigureForm form = grh.getNodeConfiguration().getFillableForm();
            form.setTitle("Nouveaux employés");
            form.setMaxItems(2);
            form.setAccessModel(AccessModel.open);
            grh.sendConfigurationForm(form);
            grh.publish(employee("emp-1"));
            grh.publish(employee("emp-2"));
            grh.publish(employee("emp-3"));
            XMPPTCPConnection paie = server.login("paie", "bot");
            pubsub(paie).getLeafNode("grh").subscribe(paie.getUser().asBareJid());
            PepManager.getInstanceFor(rh).publish(UserTuneElement.NAMESPACE, new PayloadItem<>("t1",
                    UserTuneElement.getBuilder().setTitle("Boléro").build()));
            rh.disconnect();
            paie.disconnect();
        }
        try (TestServer server = TestServer.start(dataDir)) {
            XMPPTCPConnection paie = server.login("paie", "bot");
            LeafNode asPaie = pubsub(paie).getLeafNode("grh");
            assertThat(asPaie.getSubscriptions()).extracting(Subscription::getState)
                    .containsExactly(Subscription.State.subscribed);
            assertThat(ids(asPaie.getItems())).containsExactly("emp-3", "emp-2");
            BlockingQueue<Item> inbox = new LinkedBlockingQueue<>();
            asPaie.addItemEventListener(e -> inbox.addAll(e.getItems()));

            XMPPTCPConnection rh = server.login("rh", "bot");
            LeafNode grh = pubsub(rh).getLeafNode("grh");
            ConfigureForm config = grh.getNodeConfiguration();
            assertThat(config.getDataForm().getField("pubsub#title").getFirstValue()).isEqualTo("Nouveaux employés");
            assertThat(config.getMaxItems()).isEqualTo(2);
            // The subscription lives in memory again, not only in the database: the next publish reaches it.
            grh.publish(employee("emp-4"));
            Item got = inbox.poll(10, TimeUnit.SECONDS);
            assertThat(got).isNotNull();
            assertThat(got.getId()).isEqualTo("emp-4");
            // rh is still the owner: only an owner could read the configuration above, and may delete.
            assertThat(ids(PepManager.getInstanceFor(rh).getPepPubSubManager()
                    .getLeafNode(UserTuneElement.NAMESPACE).getItems())).containsExactly("t1");
            pubsub(rh).deleteNode("grh");
        }
    }
}
