package causse.server;

import causse.jid.Jid;
import causse.server.admin.AccountService;
import causse.server.config.CausseConfig;
import causse.server.config.ConfigException;
import causse.server.config.ConfigLoader;
import causse.server.config.HostConfig;
import causse.server.sasl.ScramCredentials;
import causse.storage.jdbc.Database;
import causse.storage.jdbc.JdbcAccountStore;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The {@code causse} command: start the server, or administer accounts whether it runs or not. */
@Command(name = "causse", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Causse XMPP server.",
        subcommands = {Main.Start.class, Main.AddUser.class, Main.Passwd.class, Main.DelUser.class, Main.Users.class})
public final class Main {
    private final java.io.InputStream stdin;

    private Main(java.io.InputStream stdin) {
        this.stdin = stdin;
    }

    public static void main(String[] args) {
        // H2's AUTO_SERVER port (see ConfiguredDatabase) must not face the network; read once by H2 at class load.
        if (System.getProperty("h2.bindAddress") == null) {
            System.setProperty("h2.bindAddress", "127.0.0.1");
        }
        System.exit(run(args, System.in, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs one command line; returns the exit code (0 ok, 1 failure, 2 bad usage). */
    public static int run(String[] args, java.io.InputStream stdin, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Main(stdin));
        cli.setOut(out).setErr(err);
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof IllegalArgumentException || e instanceof ConfigException) {
                cmd.getErr().println("causse: " + e.getMessage());
                return 1;
            }
            throw e;
        });
        return cli.execute(args);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"Causse " + CausseServer.VERSION};
        }
    }

    /** Options every command takes. */
    static class ConfigOption {
        @Option(names = {"-c", "--config"}, paramLabel = "FILE",
                description = "Configuration file (default: conf/causse.yml if it exists, else built-in defaults).")
        Path config;

        CausseConfig load() {
            if (config != null) {
                return ConfigLoader.load(config);
            }
            Path fallback = Path.of("conf", "causse.yml");
            return Files.exists(fallback) ? ConfigLoader.load(fallback) : CausseConfig.defaults();
        }
    }

    @Command(name = "start", description = "Run the server in the foreground; SIGTERM or Ctrl-C stops it cleanly.")
    static final class Start extends ConfigOption implements java.util.concurrent.Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            CausseServer server = CausseServer.start(load());
            CountDownLatch stop = new CountDownLatch(1);
            CountDownLatch stopped = new CountDownLatch(1);
            // The hook only serves exits that are not signals (System.exit elsewhere); signals stop the server
            // here, before the JVM's shutdown hooks run.
            Thread hook = new Thread(() -> {
                stop.countDown();
                awaitQuietly(stopped);
            }, "causse-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            StopSignals.install(stop::countDown);
            stop.await();
            try {
                server.close();
            } finally {
                // Even when closing failed: the hook must not wait for ever, or the JVM would never exit.
                stopped.countDown();
            }
            return 0;
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A command that works on the account database, whether the server runs or not (H2 AUTO_SERVER mode). */
    abstract static class AccountCommand extends ConfigOption implements java.util.concurrent.Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @CommandLine.ParentCommand
        Main main;

        @Override
        public Integer call() throws Exception {
            CausseConfig config = load();
            try (Database db = ConfiguredDatabase.open(config)) {
                Set<String> domains = config.hosts().stream().map(HostConfig::domain).collect(Collectors.toSet());
                AccountService accounts = new AccountService(new JdbcAccountStore(db),
                        new ScramCredentials(new SecureRandom(), config.auth().scramIterations()), domains);
                return run(accounts, spec.commandLine().getOut(), spec.commandLine().getErr());
            }
        }

        abstract int run(AccountService accounts, PrintWriter out, PrintWriter err) throws IOException;

        BufferedReader stdin() {
            return new BufferedReader(new InputStreamReader(main.stdin, StandardCharsets.UTF_8));
        }
    }

    @Command(name = "adduser", description = {"Create an account. Without JID, read 'JID PASSWORD' lines from standard input",
            "(for load tests that need thousands of accounts). Without PASSWORD, prompt for it."})
    static final class AddUser extends AccountCommand {
        @Parameters(index = "0", arity = "0..1", paramLabel = "JID")
        String jid;
        @Parameters(index = "1", arity = "0..1", paramLabel = "PASSWORD")
        String password;

        @Override
        int run(AccountService accounts, PrintWriter out, PrintWriter err) throws IOException {
            if (jid == null) {
                return addFromStandardInput(accounts, stdin(), out, err);
            }
            accounts.accountJid(jid);
            String pw = password != null ? password : Passwords.prompt("Password for " + jid + ": ", stdin());
            if (!accounts.add(jid, pw)) {
                err.println("causse: " + jid + " already exists");
                return 1;
            }
            out.println("Created " + accounts.accountJid(jid));
            return 0;
        }

        private static int addFromStandardInput(AccountService accounts, BufferedReader in, PrintWriter out,
                                                PrintWriter err) throws IOException {
            List<String[]> lines = new ArrayList<>();
            String line;
            int number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                String[] parts = trimmed.split("\\s+", 2);
                if (parts.length != 2) {
                    err.println("causse: line " + number + ": expected 'JID PASSWORD'");
                    return 1;
                }
                accounts.accountJid(parts[0]);
                lines.add(parts);
            }
            AtomicInteger created = new AtomicInteger();
            AtomicInteger existing = new AtomicInteger();
            // Key derivation dominates; spread it over the cores.
            lines.parallelStream().forEach(p -> (accounts.add(p[0], p[1]) ? created : existing).incrementAndGet());
            out.println("Created " + created.get() + " accounts" + (existing.get() > 0 ? ", " + existing.get()
                    + " existed already" : ""));
            return 0;
        }
    }

    @Command(name = "passwd", description = "Change an account's password (prompts for it).")
    static final class Passwd extends AccountCommand {
        @Parameters(index = "0", paramLabel = "JID")
        String jid;

        @Override
        int run(AccountService accounts, PrintWriter out, PrintWriter err) throws IOException {
            accounts.accountJid(jid);
            if (!accounts.exists(jid)) {
                err.println("causse: no account " + jid);
                return 1;
            }
            if (!accounts.changePassword(jid, Passwords.prompt("New password for " + jid + ": ", stdin()))) {
                err.println("causse: no account " + jid);
                return 1;
            }
            out.println("Password changed for " + accounts.accountJid(jid));
            return 0;
        }
    }

    @Command(name = "deluser", description = {"Delete an account. A server running on the same database removes it",
            "itself (its sessions end, its contacts are told); otherwise this command deletes it after 3 seconds."})
    static final class DelUser extends AccountCommand {
        /** Longer than a few of the server's checks ({@link CausseServer#REMOVAL_CHECK}), for a busy server. */
        static final Duration SERVER_WAIT = Duration.ofSeconds(3);

        @Parameters(index = "0", paramLabel = "JID")
        String jid;

        @Override
        int run(AccountService accounts, PrintWriter out, PrintWriter err) throws IOException {
            Jid account = accounts.accountJid(jid);
            if (!accounts.requestRemoval(jid)) {
                err.println("causse: no account " + jid);
                return 1;
            }
            long deadline = System.nanoTime() + SERVER_WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                if (!accounts.exists(jid)) {
                    out.println("Deleted " + account + " (by the running server: its sessions ended, its contacts"
                            + " were told)");
                    return 0;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while waiting for the server");
                }
            }
            // No server took the request (none runs, or it is stuck): delete here. If a server took it meanwhile,
            // the account is gone all the same.
            accounts.delete(jid);
            out.println("Deleted " + account);
            return 0;
        }
    }

    @Command(name = "users", description = "List the accounts, of one domain or of all.")
    static final class Users extends AccountCommand {
        @Parameters(index = "0", arity = "0..1", paramLabel = "DOMAIN")
        String domain;

        @Override
        int run(AccountService accounts, PrintWriter out, PrintWriter err) {
            accounts.list(domain == null ? null : domain.toLowerCase(java.util.Locale.ROOT)).forEach(out::println);
            return 0;
        }
    }

    /** Reads a password from the console without echo, twice, or one line of standard input when there is no console. */
    static final class Passwords {
        private Passwords() {
        }

        static String prompt(String prompt, BufferedReader stdin) throws IOException {
            Console console = System.console();
            if (console == null) {
                String line = stdin.readLine();
                if (line == null || line.isEmpty()) {
                    throw new IllegalArgumentException("no password given on standard input");
                }
                return line;
            }
            char[] first = console.readPassword("%s", prompt);
            char[] second = console.readPassword("Again: ");
            if (first == null || second == null || !java.util.Arrays.equals(first, second)) {
                throw new IllegalArgumentException("the passwords differ");
            }
            if (first.length == 0) {
                throw new IllegalArgumentException("the password is empty");
            }
            return new String(first);
        }
    }
}
