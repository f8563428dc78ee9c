package causse.server.modules;

import causse.jid.Jid;
import causse.module.AccountRemovalListener;
import causse.module.DiscoIdentity;
import causse.module.HookPoint;
import causse.module.SessionListener;
import causse.module.StanzaHook;
import causse.session.Sessions;
import causse.server.router.StanzaHooks;
import causse.xml.XmlElement;
import java.util.Set;
import causse.module.IqHandler;
import causse.module.IqScope;
import causse.module.AccountNodes;
import causse.module.Module;
import causse.module.ModuleContext;
import causse.routing.RemoteDelivery;
import causse.routing.StanzaRouter;
import causse.server.router.IqDispatcher;
import causse.server.router.LocalRouter;
import causse.server.router.PendingRequests;
import causse.server.router.ServerFeatures;
import causse.stanza.Stanza;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * Starts modules, each with a context that records what it registers, and stops them in reverse order,
 * undoing their registrations (as ejabberd's gen_mod does), so no module has to clean up after itself.
 */
public final class ModuleRuntime {
    private final IqDispatcher iqs;
    private final ServerFeatures features;
    private final LocalRouter router;
    private final StanzaHooks hooks;
    private final Sessions sessions;
    private final Set<String> hostedDomains;
    private final PendingRequests pending;
    private final Deque<Running> running = new ArrayDeque<>();
    private final AccountRemovals removals = new AccountRemovals();

    public ModuleRuntime(IqDispatcher iqs, ServerFeatures features, LocalRouter router, StanzaHooks hooks,
                         Sessions sessions, Set<String> hostedDomains, PendingRequests pending) {
        this.iqs = iqs;
        this.features = features;
        this.router = router;
        this.hooks = hooks;
        this.sessions = sessions;
        this.hostedDomains = Set.copyOf(hostedDomains);
        this.pending = pending;
    }

    public void start(Module module) {
        RecordingContext context = new RecordingContext();
        try {
            module.start(context);
        } catch (RuntimeException e) {
            context.undo();
            throw e;
        }
        running.push(new Running(module, context));
    }

    /** The first running module that is a {@code type} (a service another part reads, such as entity caps). */
    public <T> Optional<T> find(Class<T> type) {
        return running.stream().map(Running::module).filter(type::isInstance).map(type::cast).findFirst();
    }

    /** Removes an account between the removal listeners' two halves (see {@link ModuleContext#removeAccount}). */
    public boolean removeAccount(Jid account, BooleanSupplier delete) {
        return removals.remove(account, delete);
    }

    public void stopAll() {
        while (!running.isEmpty()) {
            Running r = running.pop();
            try {
                r.module.stop();
            } finally {
                r.context.undo();
            }
        }
    }

    private record Running(Module module, RecordingContext context) {
    }

    private final class RecordingContext implements ModuleContext {
        private final Deque<Runnable> undo = new ArrayDeque<>();

        @Override
        public void registerIq(IqScope scope, String name, String namespace, IqHandler handler) {
            iqs.register(scope, name, namespace, handler);
            undo.push(() -> iqs.unregister(scope, name, namespace, handler));
        }

        @Override
        public void addFeature(String var) {
            features.addFeature(var);
            undo.push(() -> features.removeFeature(var));
        }

        @Override
        public void addIdentity(DiscoIdentity identity) {
            features.addIdentity(identity);
            undo.push(() -> features.removeIdentity(identity));
        }

        @Override
        public void hook(HookPoint point, int order, StanzaHook hook) {
            hooks.add(point, order, hook);
            undo.push(() -> hooks.remove(point, hook));
        }

        @Override
        public void addSessionListener(SessionListener listener) {
            hooks.addListener(listener);
            undo.push(() -> hooks.removeListener(listener));
        }

        @Override
        public void addAccountRemovalListener(AccountRemovalListener listener) {
            removals.add(listener);
            undo.push(() -> removals.remove(listener));
        }

        @Override
        public boolean removeAccount(Jid account, BooleanSupplier delete) {
            return ModuleRuntime.this.removeAccount(account, delete);
        }

        @Override
        public void addPreAuthFeature(XmlElement feature) {
            hooks.addPreAuthFeature(feature);
            undo.push(() -> hooks.removePreAuthFeature(feature));
        }

        @Override
        public void addPostAuthFeature(XmlElement feature) {
            hooks.addPostAuthFeature(feature);
            undo.push(() -> hooks.removePostAuthFeature(feature));
        }

        @Override
        public void registerService(String prefix, String name, StanzaRouter handler) {
            for (String domain : hostedDomains) {
                String service = prefix + "." + domain;
                router.addService(service, handler);
                undo.push(() -> router.removeService(service, handler));
                ServerFeatures.ServiceItem item = new ServerFeatures.ServiceItem(domain, service, name);
                features.addService(item);
                undo.push(() -> features.removeService(item));
            }
        }

        @Override
        public void addAccountFeature(String var) {
            features.addAccountFeature(var);
            undo.push(() -> features.removeAccountFeature(var));
        }

        @Override
        public void addAccountIdentity(DiscoIdentity identity) {
            features.addAccountIdentity(identity);
            undo.push(() -> features.removeAccountIdentity(identity));
        }

        @Override
        public void setAccountNodes(AccountNodes nodes) {
            features.setAccountNodes(nodes);
            undo.push(() -> features.setAccountNodes(null));
        }

        @Override
        public StanzaRouter router() {
            return router;
        }

        @Override
        public void provideRemoteDelivery(RemoteDelivery delivery) {
            router.provideRemote(delivery);
            undo.push(() -> router.removeRemote(delivery));
        }

        @Override
        public CompletableFuture<Stanza> request(Stanza iq, Duration timeout) {
            return pending.request(iq, timeout, router);
        }

        @Override
        public Sessions sessions() {
            return sessions;
        }

        @Override
        public boolean isLocal(String domain) {
            return hostedDomains.contains(domain);
        }

        void undo() {
            while (!undo.isEmpty()) {
                undo.pop().run();
            }
        }
    }
}
