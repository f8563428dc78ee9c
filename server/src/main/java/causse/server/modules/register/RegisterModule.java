package causse.server.modules.register;

import causse.jid.Jid;
import causse.module.IqRequest;
import causse.module.IqScope;
import causse.module.Module;
import causse.module.ModuleContext;
import causse.server.admin.AccountService;
import causse.server.config.ModuleOptions;
import causse.session.ClientSession;
import causse.stanza.StanzaError;
import causse.stanza.StanzaErrorCondition;
import causse.stanza.StreamErrorCondition;
import causse.xml.XmlElement;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In-band registration (XEP-0077): account creation before authentication, and password change and
 * cancellation after it. Off unless configured: it lets anyone who can connect create accounts.
 */
public final class RegisterModule implements Module {
    public static final String NAMESPACE = "jabber:iq:register";
    public static final String STREAM_FEATURE = "http://jabber.org/features/iq-register";
    private static final Logger log = LoggerFactory.getLogger(RegisterModule.class);

    /** Typed options of the {@code register} module. */
    public record Options(int registrationsPerHourPerIp, boolean exemptLoopback) {
        public static Options from(ModuleOptions o) {
            o.allowOnly(Set.of("registrations_per_hour_per_ip", "exempt_loopback"));
            return new Options(o.integer("registrations_per_hour_per_ip", 5, 0, 100_000),
                    o.bool("exempt_loopback", true));
        }
    }

    private final AccountService accounts;
    private final Executor storage;
    private final List<String> domains;
    private final RegistrationLimits limits;
    private volatile ModuleContext context;

    /**
     * @param storage runs account writes (PBKDF2 and JDBC), never an event loop
     * @param domains the hosted domains; an unauthenticated request names none, so with one domain it is that one
     */
    public RegisterModule(Options options, AccountService accounts, Executor storage, List<String> domains,
                          Clock clock) {
        this.accounts = accounts;
        this.storage = storage;
        this.domains = List.copyOf(domains);
        this.limits = new RegistrationLimits(options.registrationsPerHourPerIp(), options.exemptLoopback(), clock);
    }

    @Override
    public String name() {
        return "register";
    }

    @Override
    public void start(ModuleContext context) {
        this.context = context;
        context.addPreAuthFeature(XmlElement.empty("register", STREAM_FEATURE));
        context.addFeature(NAMESPACE);
        context.registerIq(IqScope.UNAUTHENTICATED, "query", NAMESPACE, this::unauthenticated);
        // Clients address the account management requests to the server (Smack) or to nobody (XEP-0077 §3.2)
        context.registerIq(IqScope.SERVER, "query", NAMESPACE, this::authenticated);
        context.registerIq(IqScope.ACCOUNT, "query", NAMESPACE, this::authenticated);
    }

    private void unauthenticated(IqRequest request) {
        if (request.isGet()) {
            request.result(XmlElement.builder("query", NAMESPACE)
                    .textChild("instructions", NAMESPACE, "Choose a username and password to register with this server.")
                    .child(XmlElement.empty("username", NAMESPACE)).child(XmlElement.empty("password", NAMESPACE))
                    .build());
            return;
        }
        XmlElement query = request.payload();
        if (query.child("remove", NAMESPACE) != null) {
            // §3.2: only a registered, hence authenticated, entity can cancel
            request.error(StanzaErrorCondition.UNEXPECTED_REQUEST);
            return;
        }
        String username = query.childText("username", NAMESPACE);
        String password = query.childText("password", NAMESPACE);
        String domain = domainOf(request);
        if (isBlank(username) || isBlank(password)) {
            // §3.1: every field of the form is required, and an empty password is no password
            request.error(StanzaError.of(StanzaErrorCondition.NOT_ACCEPTABLE, "A username and a password are required"));
        } else if (domain == null) {
            request.error(StanzaError.of(StanzaErrorCondition.SERVICE_UNAVAILABLE, "Registration needs the stream's domain"));
        } else if (!limits.reserve(request.peer())) {
            // §3.1.1 (registration with a server) names not-acceptable for too many registrations;
            // type 'wait' tells the client that trying later may succeed
            request.error(new StanzaError(StanzaErrorCondition.NOT_ACCEPTABLE, "wait",
                    "Too many registrations from this address; try again later"));
        } else {
            request.answerOn(storage, () -> create(request, username.trim(), password, domain));
        }
    }

    private void create(IqRequest request, String username, String password, String domain) {
        boolean created = false;
        try {
            Jid account = accounts.accountJid(username + "@" + domain);
            created = accounts.add(account.toString(), password);
            if (created) {
                log.info("Account {} registered in-band", account);
                request.result(null);
            } else {
                request.error(StanzaErrorCondition.CONFLICT);
            }
        } catch (IllegalArgumentException e) {
            // RFC 6120's condition for an address that breaks RFC 7622, as ejabberd answers too
            request.error(StanzaError.of(StanzaErrorCondition.JID_MALFORMED, "Not a valid username"));
        } finally {
            if (!created) {
                limits.release(request.peer());
            }
        }
    }

    private void authenticated(IqRequest request) {
        Jid from = request.from();
        Jid to = request.to();
        if (from == null || from.local() == null || (to != null && !to.domain().equals(from.domain()))
                || (to != null && to.local() != null && !to.equals(from.bare()))) {
            request.error(StanzaErrorCondition.FORBIDDEN);
            return;
        }
        Jid account = from.bare();
        XmlElement query = request.payload();
        if (request.isGet()) {
            request.result(XmlElement.builder("query", NAMESPACE)
                    .textChild("instructions", NAMESPACE, "You are registered; send a new password to change it.")
                    .child(XmlElement.empty("registered", NAMESPACE))
                    .textChild("username", NAMESPACE, account.local())
                    .child(XmlElement.empty("password", NAMESPACE)).build());
        } else if (query.child("remove", NAMESPACE) != null) {
            if (query.elements().size() != 1) {
                request.error(StanzaErrorCondition.BAD_REQUEST);
            } else {
                request.answerOn(storage, () -> cancel(request, account));
            }
        } else {
            changePassword(request, account, query);
        }
    }

    /** §3.3: the username, when given, must be the requester's; an empty password never replaces one. */
    private void changePassword(IqRequest request, Jid account, XmlElement query) {
        String username = query.childText("username", NAMESPACE);
        String password = query.childText("password", NAMESPACE);
        if (isBlank(password)) {
            request.error(StanzaError.of(StanzaErrorCondition.BAD_REQUEST, "A new password is required"));
        } else if (username != null && !account.local().equals(username.trim())) {
            request.error(StanzaError.of(StanzaErrorCondition.NOT_AUTHORIZED, "Only your own password can be changed"));
        } else {
            request.answerOn(storage, () -> {
                if (accounts.changePassword(account.toString(), password)) {
                    log.info("Account {} changed its password in-band", account);
                    request.result(null);
                } else {
                    request.error(StanzaErrorCondition.REGISTRATION_REQUIRED);
                }
            });
        }
    }

    /**
     * §3.2: deletes the account (the database removes every stored item with it; the other modules tell its
     * contacts and forget what they hold of it), answers, then ends every session of the account with
     * {@code <not-authorized/>}. The answer is written before the stream error because both go through the
     * connection's event loop in that order.
     */
    private void cancel(IqRequest request, Jid account) {
        if (!context.removeAccount(account, () -> accounts.delete(account.toString()))) {
            request.error(StanzaErrorCondition.REGISTRATION_REQUIRED);
            return;
        }
        log.info("Account {} cancelled in-band", account);
        request.result(null);
        for (ClientSession s : context.sessions().sessionsOf(account)) {
            s.close(StreamErrorCondition.NOT_AUTHORIZED, "The account has been removed");
        }
    }

    private String domainOf(IqRequest request) {
        if (request.to() != null) {
            return request.to().domain();
        }
        return domains.size() == 1 ? domains.get(0) : null;
    }


    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
