package causse.server.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import causse.server.TestServer;
import causse.server.config.ModuleOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.net.ssl.X509TrustManager;
import org.igniterealtime.smack.inttest.Configuration;
import org.igniterealtime.smack.inttest.FailedTest;
import org.igniterealtime.smack.inttest.SmackIntegrationTestFramework;
import org.igniterealtime.smack.inttest.TestResult;
import org.igniterealtime.smack.inttest.XmppConnectionDescriptor;
import org.igniterealtime.smack.inttest.XmppConnectionManager;
import org.igniterealtime.smack.inttest.annotations.SpecificationReference;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Smack Integration Test Framework (a conformance suite written by others) against a real Causse.
 * It prints the pass / fail / impossible counts and fails on any failure in a specification Causse
 * claims in its README; failures elsewhere (MUC, MAM, ... which Causse does not offer) are listed only.
 */
class SmackIntegrationSuiteTest {
    /**
     * Specifications Causse claims; a failing test of one of these is a bug. XEP-0080, 0107 and 0118 are client
     * payloads carried by PEP (XEP-0163): their tests are the suite's PEP tests.
     */
    static final Set<String> CLAIMED = Stream.of("RFC6120", "RFC6121", "RFC7622", "XEP-0030", "XEP-0049", "XEP-0054",
            "XEP-0060", "XEP-0077", "XEP-0080", "XEP-0092", "XEP-0107", "XEP-0115", "XEP-0118", "XEP-0160",
            "XEP-0163", "XEP-0191", "XEP-0198", "XEP-0199", "XEP-0202", "XEP-0203", "XEP-0280", "XEP-0368")
            .map(Configuration::normalizeSpecification).collect(Collectors.toSet());

    @Test
    void conformanceSuitePassesEverythingCausseClaims(@TempDir Path dir) throws Exception {
        // In-band registration on, as the suite creates its accounts itself (loopback is exempt from the rate limit).
        try (TestServer server = TestServer.start(dir, c -> c.withModules(Map.of("register",
                ModuleOptions.of("register", Map.of("enabled", true)))))) {
            X509TrustManager trust = server.trustManager();
            int port = server.c2sPort();
            // COMPAT: sinttest 4.5.0-beta5 ignores its host setting and dials 5222; a descriptor of our own
            // gives it the ephemeral port and a trust manager for the test certificate.
            XmppConnectionManager.addConnectionDescriptor(XmppConnectionDescriptor
                    .buildWith(XMPPTCPConnection.class, XMPPTCPConnectionConfiguration.class,
                            XMPPTCPConnectionConfiguration.Builder.class)
                    .withNickname("causse")
                    .applyExtraConfiguration(b -> b.setHostAddress(InetAddress.getLoopbackAddress()).setPort(port)
                            .setCustomX509TrustManager(trust))
                    .build());
            // For chasing one test locally: -Dcausse.sinttest.only=GeolocationIntegrationTest (class or Class.method).
            String only = System.getProperty("causse.sinttest.only");
            SmackIntegrationTestFramework.TestRunResult result = run(only == null || only.isBlank() ? null : only);
            String report = report(result);
            List<String> claimed = claimedFailures(result);
            if (!claimed.isEmpty()) {
                // The suite races with itself between classes: EntityCapsTest's teardown cancels the two accounts'
                // subscriptions without waiting, and the next class (the PEP tests) reads its clients' rosters
                // before the server's pushes arrive, believes them still subscribed, and waits for a notification
                // the presence access model rightly withholds. A failure in a claimed specification is run once
                // more, alone; only one that fails again counts, and the report shows both runs.
                String names = claimed.stream().map(f -> f.substring(0, f.indexOf(':'))).collect(Collectors.joining(","));
                SmackIntegrationTestFramework.TestRunResult again = run(names);
                report += "Run again alone: " + names + "\n" + report(again);
                claimed = claimedFailures(again);
            }
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target", "sinttest-summary.txt"), report);
            System.out.println(report);
            assertThat(claimed).as(report).isEmpty();
        } finally {
            XmppConnectionManager.removeConnectionDescriptor("causse");
        }
    }

    /** Runs the suite (only {@code enabledTests} when not null) against the connection descriptor "causse". */
    private static SmackIntegrationTestFramework.TestRunResult run(String enabledTests) throws Exception {
        Configuration.Builder builder = Configuration.builder();
        if (enabledTests != null) {
            builder.setEnabledTests(enabledTests);
        }
        Configuration config = builder
                .setService(TestServer.DOMAIN)
                .setDefaultConnection("causse")
                .setEnabledConnections("causse")
                .setSecurityMode("required")
                .setReplyTimeout("20000")
                .build();
        return new SmackIntegrationTestFramework(config).run();
    }

    /** "Class.method: reason" of each failed test of a claimed specification. */
    private static List<String> claimedFailures(SmackIntegrationTestFramework.TestRunResult result) {
        List<String> claimed = new ArrayList<>();
        for (FailedTest f : result.getFailedTests()) {
            if (CLAIMED.contains(specification(f))) {
                claimed.add(name(f) + ": " + f.failureReason);
            }
        }
        return claimed;
    }

    private static String report(SmackIntegrationTestFramework.TestRunResult r) {
        StringWriter out = new StringWriter();
        PrintWriter w = new PrintWriter(out);
        // Not in the "N passed, N failed" shape: CI reads that shape as the build's verdict, and failures
        // outside the claimed specifications are expected here.
        w.printf("Smack conformance suite: passed=%d failed=%d impossible=%d (of %d available; %d classes impossible)%n",
                r.getSuccessfulTests().size(), r.getFailedTests().size(), r.getNotPossibleTests().size(),
                r.getNumberOfAvailableTests(), r.getImpossibleTestClasses().size());
        Map<String, int[]> bySpec = new TreeMap<>();
        r.getSuccessfulTests().forEach(t -> bySpec.computeIfAbsent(specification(t), k -> new int[3])[0]++);
        r.getFailedTests().forEach(t -> bySpec.computeIfAbsent(specification(t), k -> new int[3])[1]++);
        r.getNotPossibleTests().forEach(t -> bySpec.computeIfAbsent(specification(t), k -> new int[3])[2]++);
        bySpec.forEach((spec, n) -> w.printf("  %-10s passed %3d  failed %3d  impossible %3d%n", spec, n[0], n[1], n[2]));
        for (FailedTest f : r.getFailedTests()) {
            w.printf("FAILED %s [%s]: %s%n", name(f), specification(f), f.failureReason);
        }
        r.getImpossibleTestClasses().forEach((c, why) -> w.printf("IMPOSSIBLE CLASS %s: %s%n", c.getSimpleName(), why));
        w.flush();
        return out.toString();
    }

    private static String name(TestResult t) {
        return t.concreteTest.getMethod().getDeclaringClass().getSimpleName() + "." + t.concreteTest.getMethod().getName();
    }

    private static String specification(TestResult t) {
        SpecificationReference ref = t.concreteTest.getMethod().getDeclaringClass()
                .getAnnotation(SpecificationReference.class);
        return ref == null ? "(none)" : Configuration.normalizeSpecification(ref.document());
    }
}
